package dev.longhaul.cli;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.cli.CliHarness.Result;
import dev.longhaul.testing.FakeModelServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `longhaul run --in-process` runs the whole stack inside the command, whatever servers there are. */
class InProcessRunTest {
  @TempDir Path home;
  @TempDir Path workspace;

  @Test
  void runInProcess_runsTheStackInTheCommand_saysSo_andKeepsTheTranscript() {
    try (FakeModelServer model = FakeModelServer.start()) {
      model.script(reply(text("Done in-process.")));
      Map<String, String> env = Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1", "OPENAI_BASE_URL", model.baseUrl());

      Result run = CliHarness.longhaul(env, home, "run", "--in-process", "--workspace", workspace.toString(), "--task-id", "solo", "hi");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).isEqualTo("task solo\n\nDone in-process.\n");
      assertThat(run.err()).contains("running this task in-process: it ends with this command");

      // The stack is gone with the command; the transcript stays readable from the store.
      Result transcript = CliHarness.longhaul(Map.of(), home, "transcript", "solo");
      assertThat(transcript.out()).contains("user: hi\nassistant: Done in-process.");
    }
  }

  /**
   * In its own JVM, as a user runs it, so that what the SDK logs reaches the output checked. The
   * noise this guards against came from races (the SDK's first worker heartbeat against the
   * worker's registration; its asynchronous worker shutdown against the channel's), which showed
   * in about one run in two: hence several runs.
   */
  @Test
  void runInProcess_printsOnlyTheAnswer_andNoWarningOrStackTrace() {
    try (FakeModelServer model = FakeModelServer.start()) {
      model.otherwise(request -> reply(text("Done in-process.")));
      Map<String, String> env = Map.of(
          "LONGHAUL_HOME", home.toString(), "TEMPORAL_ADDRESS", "127.0.0.1:1", "OPENAI_BASE_URL", model.baseUrl());

      for (int i = 1; i <= 3; i++) {
        Result run = CliHarness.exec(
            CliHarness.javaCommand("run", "--in-process", "--workspace", workspace.toString(), "--task-id", "own-" + i, "hi"), env);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("task own-" + i + "\n\nDone in-process.\n");
        assertThat(run.err().lines())
            .as(run.err())
            .isNotEmpty()
            .allMatch(line -> line.startsWith("longhaul: running this task in-process") || line.startsWith("  turn 1 · "));
      }
    }
  }
}
