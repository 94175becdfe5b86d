package dev.longhaul.cli;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.cli.CliHarness.Result;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** checkpoints, resume and fork, end to end. */
class ResumeCommandTest {
  @RegisterExtension static final CliHarness harness = new CliHarness();
  @TempDir Path workspace;

  @Test
  void aTaskWhoseWorkflowIsGone_resumes_thenForks_andCheckpointsListsBoth() {
    harness.model.script(reply(text("Remember 42.")));
    String id = LonghaulCommandTest.newId();
    harness.longhaul("run", "--workspace", workspace.toString(), "--task-id", id, "Remember a number");
    WorkflowClient.newInstance(harness.stack.service()).newUntypedWorkflowStub(id).terminate("server restarted");

    harness.model.script(reply(text("It was 42.")));
    Result resume = harness.longhaul("resume", id, "Which", "number?");
    assertThat(resume.exitCode()).as(resume.err()).isZero();
    assertThat(resume.out()).isEqualTo("task " + id + "\n\nIt was 42.\n");
    assertThat(harness.model.requests().get(1).userMessages())
        .containsExactly("Remember a number", "Which number?");

    Result checkpoints = harness.longhaul("checkpoints", id);
    assertThat(checkpoints.out()).containsPattern("\\s+1\\s+resume\\s+1\\s+");

    harness.model.script(reply(text("Forked: 42 + 1.")));
    Result fork = harness.longhaul("fork", "--checkpoint", "1", "--task-id", id + "-b", id, "Add", "one");
    assertThat(fork.exitCode()).as(fork.err()).isZero();
    assertThat(fork.out()).endsWith("Forked: 42 + 1.\n");
    assertThat(harness.longhaul("list").out()).contains(id + "-b");
  }

  @Test
  void resumingATaskThatIsStillRunning_isRefused() {
    harness.model.script(reply(text("Here.")));
    String id = LonghaulCommandTest.newId();
    harness.longhaul("run", "--workspace", workspace.toString(), "--task-id", id, "stay");

    Result resume = harness.longhaul("resume", id);

    assertThat(resume.exitCode()).isEqualTo(1);
    assertThat(resume.errorLine()).isEqualTo("longhaul: task " + id + " is still running: there is nothing to resume");
  }

  @Test
  void resumeAndForkOfAnUnknownTaskOrCheckpoint_areRefusedWithOneLine() {
    assertThat(harness.longhaul("resume", "nope").errorLine()).isEqualTo("longhaul: unknown task id: nope");
    assertThat(harness.longhaul("fork", "nope", "x").errorLine()).isEqualTo("longhaul: unknown task id: nope");
    assertThat(harness.longhaul("checkpoints", "nope").errorLine()).isEqualTo("longhaul: unknown task id: nope");

    harness.model.script(reply(text("Here.")));
    String id = LonghaulCommandTest.newId();
    harness.longhaul("run", "--workspace", workspace.toString(), "--task-id", id, "stay");
    assertThat(harness.longhaul("fork", "--checkpoint", "7", id, "x").errorLine())
        .isEqualTo("longhaul: task " + id + " has no checkpoint 7 (see: longhaul checkpoints " + id + ")");
  }
}
