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

/** On a machine with no Temporal server, `longhaul run` still runs the task. */
class InProcessRunTest {
  @TempDir Path home;
  @TempDir Path workspace;

  @Test
  void runWithNoServer_runsTheStackInProcess_saysSo_andKeepsTheTranscript() {
    try (FakeModelServer model = FakeModelServer.start()) {
      model.script(reply(text("Done in-process.")));
      Map<String, String> env = Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1", "OPENAI_BASE_URL", model.baseUrl());

      Result run = CliHarness.longhaul(env, home, "run", "--workspace", workspace.toString(), "--task-id", "solo", "hi");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).isEqualTo("task solo\n\nDone in-process.\n");
      assertThat(run.err()).contains("running this task in-process", "`longhaul dev` or a real Temporal cluster is what survives a crash");

      // The stack is gone with the command; the transcript stays readable from the store.
      Result transcript = CliHarness.longhaul(Map.of(), home, "transcript", "solo");
      assertThat(transcript.out()).contains("user: hi\nassistant: Done in-process.");
    }
  }
}
