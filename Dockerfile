# syntax=docker/dockerfile:1
# The Longhaul worker image, used by docker-compose.yml (service longhaul-worker).
# Any other subcommand runs too: docker compose run --rm longhaul-worker list

# Build with the Maven wrapper, as everywhere else; the cache mount keeps ~/.m2 between builds.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -q -B -DskipTests package

FROM eclipse-temurin:17-jre
# What the agent's shell commands can count on besides bash: git, curl, ripgrep, ps. Extend this
# image (FROM it) for the toolchains your tasks build with. bubblewrap is the sandbox they run in.
RUN apt-get update \
 && apt-get install -y --no-install-recommends bubblewrap ca-certificates curl git procps ripgrep \
 && rm -rf /var/lib/apt/lists/* \
 && git config --system --add safe.directory '*'
# Run as uid 1000, the usual owner of a bind-mounted workspace on a Linux host. Some base images
# already have a user 1000 (ubuntu); it makes way.
RUN if id -u ubuntu >/dev/null 2>&1; then userdel ubuntu && rm -rf /home/ubuntu; fi \
 && useradd --uid 1000 --user-group --create-home --shell /bin/bash longhaul \
 && mkdir -p /workspaces \
 && chown longhaul:longhaul /workspaces
COPY --from=build /src/starter/target/longhaul.jar /app/longhaul.jar
COPY --from=build /src/starter/target/lib/ /app/lib/
# `longhaul` on the PATH, for docker compose exec longhaul-worker longhaul status ...
RUN printf '#!/bin/sh\nexec java ${LONGHAUL_JAVA_OPTS:-} -cp "/app/longhaul.jar:/app/lib/*" dev.longhaul.cli.Longhaul "$@"\n' \
      > /usr/local/bin/longhaul \
 && chmod 755 /usr/local/bin/longhaul
USER longhaul
WORKDIR /workspaces
ENTRYPOINT ["java", "-cp", "/app/longhaul.jar:/app/lib/*", "dev.longhaul.cli.Longhaul"]
CMD ["worker"]
