package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.cutOff;
import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.status;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.tooManyRequests;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.longhaul.store.Item;
import dev.longhaul.testing.ModelScript;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskResult;
import dev.longhaul.workflow.TaskStatus;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A flaky or hostile model API never loses items and never leaves a task stuck. */
class ModelFaultsTest {
  @RegisterExtension
  static final AgentHarness harness =
      AgentHarness.builder().streamIdleTimeout(Duration.ofSeconds(2)).build();
  @TempDir Path workspace;

  @Test
  void status401_failsTheTaskAtOnce_withTheProvidersMessage() throws Exception {
    harness.model.script(status(401, "Incorrect API key provided: sk-te***"));
    String taskId = harness.start(workspace, "Anything");

    WorkflowStub stub = WorkflowStub.fromTyped(harness.existing(taskId));
    assertThatThrownBy(() -> stub.getResult(30, TimeUnit.SECONDS, TaskResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("HTTP 401: Incorrect API key provided");
    assertThat(harness.model.requests()).hasSize(1);
    var row = harness.store.task(taskId).orElseThrow();
    assertThat(row.status()).isEqualTo("failed");
    assertThat(row.error()).contains("Incorrect API key provided");
  }

  @Test
  void status429WithRetryAfter_isRetriedAfterTheDelay_andTheTurnCompletes() throws Exception {
    harness.model.script(tooManyRequests(1), reply(text("Made it.")));
    String taskId = harness.start(workspace, "Busy provider");

    Progress progress = harness.awaitTurnEnd(taskId, 1);

    assertThat(progress.lastMessage()).isEqualTo("Made it.");
    assertThat(harness.model.requests()).hasSize(2);
  }

  @Test
  void serverErrorsAndACutOffStream_areRetried_andLeaveNoPartialItems() throws Exception {
    harness.model.script(
        status(500, "boom"),
        status(503, "overloaded"),
        cutOff(toolCall("list_dir", "{\"path\":\".\"}")),
        reply(toolCall("list_dir", "{\"path\":\".\"}")),
        reply(text("Recovered.")));
    String taskId = harness.start(workspace, "Flaky provider");

    Progress progress = harness.awaitTurnEnd(taskId, 1);

    assertThat(progress.lastMessage()).isEqualTo("Recovered.");
    assertThat(harness.transcript(taskId))
        .extracting(item -> item.kind().label())
        .containsExactly("message:developer", "message:user", "function_call", "function_call_output",
            "message:assistant");
  }

  @Test
  void aStreamThatHangs_isAbandonedAfterTheIdleTimeout_andRetried() throws Exception {
    harness.model.script(ModelScript.hang(Duration.ofSeconds(30)), reply(text("Second try.")));
    String taskId = harness.start(workspace, "Slow provider");

    Progress progress = harness.awaitTurnEnd(taskId, 1);

    assertThat(progress.lastMessage()).isEqualTo("Second try.");
  }

  @Test
  void garbageFromTheServer_isRetried_andTheTurnCompletesWhenItRecovers() throws Exception {
    harness.model.script(ModelScript.garbage("data: <html>Bad gateway</html>\n\n"), reply(text("Sane again.")));
    String taskId = harness.start(workspace, "Flaky proxy");

    Progress progress = harness.awaitTurnEnd(taskId, 1);

    assertThat(progress.lastMessage()).isEqualTo("Sane again.");
    assertThat(harness.transcript(taskId)).extracting(item -> item.kind().label()).containsExactly("message:developer", "message:user", "message:assistant");
  }

  @Test
  void aServerThatOnlyAnswersGarbage_failsTheTaskAfterFiveAttempts_withWhatItSent() throws Exception {
    harness.model.otherwise(request -> ModelScript.garbage("data: not json at all\n\n"));
    String taskId = harness.start(workspace, "Broken proxy");

    WorkflowStub stub = WorkflowStub.fromTyped(harness.existing(taskId));
    assertThatThrownBy(() -> stub.getResult(120, TimeUnit.SECONDS, TaskResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(harness.model.requests()).hasSize(5);
    assertThat(harness.store.task(taskId).orElseThrow().error())
        .contains("the model server sent an event that is not JSON: not json at all");
  }

  @Test
  void aModelThinkingInSilenceLongerThanTheHeartbeatTimeout_isWaitedFor_notRetried() throws Exception {
    try (AgentHarness patient = AgentHarness.builder().streamIdleTimeout(Duration.ofSeconds(60)).build()) {
      // 13 s of silence: past the 10 s heartbeat timeout, well within the 60 s stream idle timeout.
      patient.model.script(ModelScript.afterSilence(Duration.ofSeconds(13), text("Thought it through.")));
      String taskId = patient.start(workspace, "Think hard");

      Progress progress = patient.awaitTurnEnd(taskId, 1);

      assertThat(progress.lastMessage()).isEqualTo("Thought it through.");
      assertThat(patient.model.requests()).hasSize(1);
    }
  }

  @Test
  void anInterruptWhileTheModelThinksInSilence_stopsTheTurnWithoutWaitingForIt() throws Exception {
    try (AgentHarness patient = AgentHarness.builder().streamIdleTimeout(Duration.ofMinutes(5)).build()) {
      patient.model.script(ModelScript.afterSilence(Duration.ofMinutes(2), text("Too late.")));
      String taskId = patient.start(workspace, "Think for ages");
      patient.model.awaitRequests(1, Duration.ofSeconds(30));

      patient.existing(taskId).interrupt(new dev.longhaul.workflow.InterruptRequest("taking too long"));
      Progress stopped = patient.awaitTurnEnd(taskId, 1); // within 60 s, not the 2-minute silence

      assertThat(stopped.status()).isEqualTo(TaskStatus.idle);
      assertThat(stopped.error()).isEqualTo("interrupted: taking too long");
    }
  }

  @Test
  void anEmptyResponse_endsTheTurnSayingSo() throws Exception {
    harness.model.script(reply());
    String taskId = harness.start(workspace, "Say nothing");

    Progress progress = harness.awaitTurnEnd(taskId, 1);

    assertThat(progress.status()).isEqualTo(TaskStatus.idle);
    assertThat(progress.lastMessage()).isEqualTo("(the model returned no message)");
  }

  @Test
  void aRefusal_isShownAsTheTurnsAnswer() throws Exception {
    harness.model.script(reply(ModelScript.refusal("I can't help with that.")));
    String taskId = harness.start(workspace, "Something refused");

    Progress progress = harness.awaitTurnEnd(taskId, 1);

    assertThat(progress.lastMessage()).isEqualTo("[refused] I can't help with that.");
  }
}
