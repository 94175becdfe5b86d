package dev.longhaul.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.cli.CliHarness.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code longhaul dev} in odd states: each is refused in one line that says what to do, and
 * nothing is changed that the user did not ask to change. A fake {@code temporal} binary stands
 * in where the dev server never gets to start.
 */
class DevOddStatesTest {
  @TempDir Path home;
  @TempDir Path bin;

  @Test
  void aFrontendPortAlreadyTaken_isNamed_withTheOptionToChooseAnother() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Result result = dev("--port", String.valueOf(taken.getLocalPort()));
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.errorLine()).isEqualTo("longhaul: the Temporal frontend port " + taken.getLocalPort()
          + " is taken by another process: choose another with `longhaul dev --port P` (or LONGHAUL_DEV_PORT)");
    }
  }

  @Test
  void theUiPortAlreadyTaken_isNamed_withTheOptionToChooseAnother() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Result result = dev("--port", String.valueOf(DevProcesses.freeDevPort()), "--ui-port", String.valueOf(taken.getLocalPort()));
      assertThat(result.errorLine()).isEqualTo("longhaul: the Temporal UI port " + taken.getLocalPort()
          + " is taken by another process: choose another with `longhaul dev --ui-port P`");
    }
  }

  @Test
  void aTemporalBinaryThatExitsAtStart_isReportedWithItsLastLines() throws IOException {
    Result result = dev(fakeCli("echo starting; echo 'loading config'; echo 'Error: config: unknown key' >&2; exit 2"),
        "--port", String.valueOf(DevProcesses.freeDevPort()));
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLine()).isEqualTo("longhaul: cannot start the dev stack: " + bin.resolve("temporal")
        + " server start-dev exited at start (status 2); its last lines: starting / loading config / Error: config:"
        + " unknown key (all of its output: " + home.resolve("temporal.log") + ")");
  }

  @Test
  void aDamagedDatabase_isRefusedAndKept_untilResetDbMovesItAside() throws IOException {
    Path database = Files.writeString(home.resolve("temporal.db"), "not a database at all");

    Result refused = dev("--port", String.valueOf(DevProcesses.freeDevPort()));

    assertThat(refused.errorLine()).isEqualTo("longhaul: the dev server's database " + database + " is damaged (file"
        + " is not a database): `longhaul dev --reset-db` moves it aside and starts with an empty one (its"
        + " workflows are lost; the transcripts in PostgreSQL stay)");
    assertThat(database).hasContent("not a database at all");

    Result reset = dev("--reset-db", "--port", String.valueOf(DevProcesses.freeDevPort()));

    assertThat(database).doesNotExist();
    Path aside;
    try (Stream<Path> files = Files.list(home)) {
      aside = files.filter(p -> p.getFileName().toString().matches("temporal\\.db\\.\\d{8}-\\d{6}")).findFirst().orElseThrow();
    }
    assertThat(aside).hasContent("not a database at all");
    assertThat(reset.err()).contains("longhaul: moved the dev server's database aside to " + aside + "; starting with an empty one");
    // The fake server then exits, which ends this test; the real one starts on the empty file.
    assertThat(reset.errorLine()).contains("exited at start");
  }

  @Test
  void devStopOrStatus_withNothingRunning_sayNothingRunsInOneLine() {
    Result stop = CliHarness.longhaul(Map.of(), home, "dev", "stop");
    assertThat(stop.exitCode()).isEqualTo(1);
    assertThat(stop.errorLine()).isEqualTo("longhaul: no dev stack is running on " + home + ": nothing to stop");

    Result status = CliHarness.longhaul(Map.of(), home, "dev", "status");
    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.errorLine()).isEqualTo("longhaul: no dev stack is running on " + home);
  }

  @Test
  void aSecondDevOnTheSameHome_isRefusedNamingTheFirstsPid_asIsAnInProcessRun() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(CliHarness.javaCommand(
        "dev", "--java-test-server", "--no-worker", "--port", String.valueOf(DevProcesses.freeDevPort())))
        .redirectErrorStream(true).redirectOutput(home.resolve("first-dev.log").toFile());
    CliHarness.childEnvironment(builder, Map.of("LONGHAUL_HOME", home.toString()));
    Process first = builder.start();
    try {
      Await.until(() -> DevRecord.read(home).isPresent() || !first.isAlive(), ProcessStack.START_LIMIT, "the first dev stack");
      assertThat(first.isAlive()).as(Files.readString(home.resolve("first-dev.log"))).isTrue();

      Result second = dev("--java-test-server", "--port", String.valueOf(DevProcesses.freeDevPort()));

      assertThat(second.exitCode()).isEqualTo(1);
      assertThat(second.errorLine()).isEqualTo("longhaul: longhaul dev (pid " + first.pid() + ") is already running on "
          + home + ": see `longhaul dev status`; stop it with `longhaul dev stop`");
      Result inProcess = CliHarness.longhaul(Map.of("OPENAI_API_KEY", "sk-x"), home, "run", "--in-process",
          "--workspace", bin.toString(), "hi");
      assertThat(inProcess.errorLine()).isEqualTo("longhaul: longhaul dev (pid " + first.pid() + ") is already running on "
          + home + ": run this task there, without --in-process");

      Result stop = CliHarness.longhaul(Map.of(), home, "dev", "stop");
      assertThat(stop.out()).isEqualTo("stopped the dev stack (pid " + first.pid() + ")\n");
    } finally {
      first.destroyForcibly();
      DevProcesses.killAll(home);
    }
  }

  private Result dev(String... args) throws IOException {
    return dev(fakeCli("exit 1"), args);
  }

  private Result dev(Path cli, String... args) {
    Map<String, String> env = new HashMap<>(Map.of("OPENAI_API_KEY", "sk-x", "LONGHAUL_TEMPORAL_CLI", cli.toString()));
    String[] command = new String[args.length + 1];
    command[0] = "dev";
    System.arraycopy(args, 0, command, 1, args.length);
    return CliHarness.longhaul(env, home, command);
  }

  private Path fakeCli(String body) throws IOException {
    Path cli = Files.writeString(bin.resolve("temporal"), "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
    return cli;
  }
}
