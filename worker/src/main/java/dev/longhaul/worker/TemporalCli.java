package dev.longhaul.worker;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the {@code temporal} binary is: {@code LONGHAUL_TEMPORAL_CLI}, else {@code temporal} on
 * {@code PATH}, else the copy a download installed in {@code $LONGHAUL_HOME/bin}.
 */
public final class TemporalCli {
  /** The variable naming the binary; {@code none} forbids the download. */
  public static final String VARIABLE = "LONGHAUL_TEMPORAL_CLI";

  private TemporalCli() {}

  /** @throws IllegalArgumentException when {@code LONGHAUL_TEMPORAL_CLI} names no executable file */
  public static Optional<Path> find(Map<String, String> env, Path home) {
    String named = env.get(VARIABLE);
    if (named != null && !named.isBlank() && !named.equals("none")) {
      Path cli = Path.of(named);
      if (!Files.isRegularFile(cli) || !Files.isExecutable(cli)) {
        throw new IllegalArgumentException(VARIABLE + " names " + cli + ", which is not an executable file");
      }
      return Optional.of(cli);
    }
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path candidate = Path.of(dir, "temporal");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
    }
    Path installed = installed(home);
    return Files.isExecutable(installed) ? Optional.of(installed) : Optional.empty();
  }

  /** Whether the environment forbids downloading it. */
  public static boolean downloadForbidden(Map<String, String> env) {
    return "none".equals(env.get(VARIABLE));
  }

  /** Where a download puts it. */
  public static Path installed(Path home) {
    return home.resolve("bin").resolve("temporal");
  }
}
