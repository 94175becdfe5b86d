package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.activities.ContextLimits;
import dev.longhaul.store.Checkpoint;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.testing.TestDatabase;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.RestoreFrom;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskResult;
import dev.longhaul.workflow.TaskStatus;
import dev.longhaul.workflow.TurnRequest;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task outlives its workflow: it resumes, or forks, from what the store holds. */
class ResumeTest {
  AgentHarness harness;
  @TempDir Path workspace;

  @BeforeEach
  void startHarness() {
    harness = AgentHarness.builder()
        .settings(settings -> settings.withLimits(new ContextLimits(16_000, 6_000)))
        .build();
  }

  @AfterEach
  void stopHarness() {
    harness.close();
  }

  @Test
  void aTerminatedTask_resumesWithEverythingItHadDone() throws Exception {
    Files.writeString(workspace.resolve("a.txt"), "alpha\n");
    harness.model.script(reply(toolCall("read_file", "{\"path\":\"a.txt\"}")), reply(text("Read a.")));
    String taskId = harness.start(workspace, "Read a.txt");
    harness.awaitTurnEnd(taskId, 1);
    WorkflowStub.fromTyped(harness.existing(taskId)).terminate("the server went away");

    harness.model.script(reply(text("Still know about alpha.")));
    harness.start(taskId, new TaskInput(workspace.toString(), "What did a.txt say?", null, null,
        new RestoreFrom(taskId, null), null, null, null));
    Progress resumed = harness.awaitTurnEnd(taskId, 2);

    assertThat(resumed.lastMessage()).isEqualTo("Still know about alpha.");
    RecordedRequest first = harness.model.requests().get(2);
    assertThat(first.userMessages()).containsExactly("Read a.txt", "What did a.txt say?");
    assertThat(first.input("function_call_output").get(0).path("output").asText()).contains("1\talpha");
    AgentHarness.assertEveryCallAnsweredOnce(first);
    // The transcript goes on after what was there; nothing is overwritten.
    assertThat(harness.transcript(taskId)).extracting(i -> i.seq() + ":" + i.kind())
        // Each start of the task, the first and the resumed, tells the model its environment.
        .containsExactly("0:message:developer", "1:message:user", "2:function_call",
            "3:function_call_output", "4:message:assistant", "5:message:developer", "6:message:user",
            "7:message:assistant");
    assertThat(harness.store.checkpoints(taskId)).extracting(Checkpoint::reason).containsExactly("resume");
  }

  @Test
  void aToolCallCutOffByTheCrash_isAnsweredWhenTheTaskResumes() throws Exception {
    harness.model.script(reply(toolCall("shell", "{\"command\":\"sleep 30\"}")));
    String taskId = harness.start(workspace, "Sleep");
    harness.awaitProgress(taskId, p -> p.lastTool() != null, "the shell call");
    WorkflowStub.fromTyped(harness.existing(taskId)).terminate("killed mid-call");

    harness.model.script(reply(text("Resumed.")));
    harness.start(taskId, new TaskInput(workspace.toString(), "Go on", null, null,
        new RestoreFrom(taskId, null), null, null, null));
    harness.awaitTurnEnd(taskId, 2);

    RecordedRequest first = harness.model.requests().get(1);
    AgentHarness.assertEveryCallAnsweredOnce(first);
    assertThat(first.input("function_call_output").get(0).path("output").asText())
        .startsWith("This call was not completed");
  }

  @Test
  void aFork_startsANewTaskFromACheckpoint_andLeavesTheSourceAlone() throws Exception {
    Files.writeString(workspace.resolve("big.txt"), CompactionTest.logLines(2_000));
    harness.model.otherwise(request -> {
      if (!harness.model.issuedCompactions().isEmpty() && request.rawBody().contains("compacted-1")) {
        return reply(text("Done after compacting."));
      }
      int page = harness.model.requests().size();
      return reply(toolCall("read_file", "{\"path\":\"big.txt\",\"start_line\":" + (page * 150 - 149)
          + ",\"end_line\":" + (page * 150) + "}"));
    });
    String source = harness.start(workspace, "Read big.txt");
    harness.awaitTurnEnd(source, 1);
    assertThat(harness.store.checkpoints(source)).hasSize(1);

    harness.model.reset();
    harness.model.script(reply(text("Forked and ready.")));
    String fork = harness.start(
        TaskInput.of(workspace.toString(), "Try another way").withRestore(new RestoreFrom(source, 1)));
    Progress forked = harness.awaitTurnEnd(fork, 2);

    assertThat(forked.lastMessage()).isEqualTo("Forked and ready.");
    RecordedRequest first = harness.model.requests().get(0);
    assertThat(first.rawBody()).contains(TestDatabase.store().checkpoints().checkpointItems(source, 1).get(1).raw());
    assertThat(first.userMessages()).containsExactly("Read big.txt", "Try another way");
    assertThat(harness.store.checkpoints(fork)).extracting(Checkpoint::reason).containsExactly("fork");
    assertThat(harness.transcript(source)).noneMatch(i -> i.raw().contains("Try another way"));
  }

  @Test
  void aDayLongTask_waitsForFollowUpsAcrossHours_andEndsAfterItsIdleTimeout() throws Exception {
    harness.model.script(reply(text("Morning.")), reply(text("Evening.")));
    String taskId = harness.start(TaskInput.of(workspace.toString(), "Start the day")
        .withIdleTimeout(Duration.ofHours(24)));
    harness.awaitTurnEnd(taskId, 1);

    harness.skipTime(Duration.ofHours(20));
    harness.existing(taskId).submitTurn(new TurnRequest("Wrap up"));
    Progress evening = harness.awaitTurnEnd(taskId, 2);
    assertThat(evening.lastMessage()).isEqualTo("Evening.");

    harness.skipTime(Duration.ofHours(23));
    assertThat(harness.progress(taskId).status()).isEqualTo(TaskStatus.idle);
    TaskResult result = WorkflowStub.fromTyped(harness.existing(taskId)).getResult(TaskResult.class);
    assertThat(result).isEqualTo(new TaskResult(TaskStatus.ended, 2, 2, "Evening."));
  }
}
