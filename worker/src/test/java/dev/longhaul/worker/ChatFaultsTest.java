package dev.longhaul.worker;

import static dev.longhaul.testing.ChatScript.cutOff;
import static dev.longhaul.testing.ChatScript.reply;
import static dev.longhaul.testing.ChatScript.text;
import static dev.longhaul.testing.ChatScript.toolCall;
import static dev.longhaul.testing.ModelScript.status;
import static dev.longhaul.testing.ModelScript.tooManyRequests;
import static dev.longhaul.worker.ChatRequests.outputOfLastCall;
import static dev.longhaul.worker.ChatRequests.userMessages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.longhaul.activities.ContextLimits;
import dev.longhaul.model.ProviderId;
import dev.longhaul.store.Checkpoint;
import dev.longhaul.store.Item;
import dev.longhaul.store.Store;
import dev.longhaul.testing.TestDatabase;
import dev.longhaul.testing.ModelScript;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.testing.Reply;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskResult;
import dev.longhaul.workflow.TaskStatus;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A flaky or hostile Chat Completions server never loses items and never leaves a task stuck. */
class ChatFaultsTest {
  @RegisterExtension static final AgentHarness harness = AgentHarness.builder()
      .chatByDefault().streamIdleTimeout(Duration.ofSeconds(2))
      .settings(s -> s.withLimits(new ContextLimits(16_000, 6_000)).withToolOutputBudget(1_500))
      .build();
  @TempDir Path workspace;

  @Test
  void status401_failsTheTaskAtOnce_withTheServersMessage() {
    harness.chat.script(status(401, "Incorrect API key provided: sk-te***"));
    String taskId = harness.start(workspace, "Anything");

    WorkflowStub stub = WorkflowStub.fromTyped(harness.existing(taskId));
    assertThatThrownBy(() -> stub.getResult(30, TimeUnit.SECONDS, TaskResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause().hasMessageContaining("HTTP 401: Incorrect API key provided");
    assertThat(harness.chat.requests()).hasSize(1);
    assertThat(harness.store.task(taskId).orElseThrow().error()).contains("Incorrect API key provided");
  }

  @Test
  void aModelTheServerRejects_failsTheTurn_withTheServersMessage() {
    harness.chat.script(status(404, "model \"chat-model\" not found, try pulling it first"));
    String taskId = harness.start(workspace, "Anything");

    WorkflowStub stub = WorkflowStub.fromTyped(harness.existing(taskId));
    assertThatThrownBy(() -> stub.getResult(30, TimeUnit.SECONDS, TaskResult.class))
        .rootCause().hasMessageContaining("model \"chat-model\" not found, try pulling it first");
    assertThat(harness.chat.requests()).hasSize(1);
  }

  @Test
  void status429WithRetryAfter_andServerErrors_andACutStream_areRetried_leavingNoPartialItems() throws Exception {
    harness.chat.script(
        tooManyRequests(1),
        status(500, "boom"),
        cutOff(toolCall("list_dir", "{\"path\":\".\"}")),
        reply(toolCall("list_dir", "{\"path\":\".\"}")),
        reply(text("Recovered.")));
    String taskId = harness.start(workspace, "Flaky server");

    Progress progress = harness.awaitTurnEnd(taskId, 1);

    assertThat(progress.lastMessage()).isEqualTo("Recovered.");
    assertThat(harness.chat.requests()).hasSize(5);
    assertThat(harness.transcript(taskId)).extracting(item -> item.kind().label())
        .containsExactly("message:developer", "message:user", "function_call", "function_call_output",
            "message:assistant");
  }

  @Test
  void aHungStream_andGarbage_areRetried_andTheTurnCompletes() throws Exception {
    harness.chat.script(ModelScript.hang(Duration.ofSeconds(30)), ModelScript.garbage("data: <html>Bad gateway</html>\n\n"),
        reply(text("Sane again.")));
    String taskId = harness.start(workspace, "Slow proxy");

    Progress progress = harness.awaitTurnEnd(taskId, 1);

    assertThat(progress.lastMessage()).isEqualTo("Sane again.");
    assertThat(harness.chat.requests()).hasSize(3);
  }

  @Test
  void badToolArguments_andAnUnknownTool_areAnsweredWithAnError_andTheLoopGoesOn() throws Exception {
    harness.chat.script(
        reply(toolCall("read_file", "{\"path\": \"x.txt\""), toolCall("no_such_tool", "{}")),
        reply(text("I will fix my call.")));
    String taskId = harness.start(workspace, "Try things");

    Progress progress = harness.awaitTurnEnd(taskId, 1);

    assertThat(progress.lastMessage()).isEqualTo("I will fix my call.");
    RecordedRequest second = harness.chat.requests().get(1);
    ChatRequests.assertEveryCallAnsweredOnce(second);
    assertThat(ChatRequests.toolMessages(second)).extracting(m -> m.path("content").asText())
        .satisfiesExactly(
            bad -> assertThat(bad).startsWith("read_file: the arguments are not valid JSON"),
            unknown -> assertThat(unknown).startsWith("unknown tool \"no_such_tool\""));
  }

  @Test
  void aContextOverflow_ofALlamaCppServer_compactsLocally_andTheTurnGoesOn() throws Exception {
    harness.chat.script(
        new Reply.Status(400, "{\"error\":{\"code\":400,\"message\":\"request (9000 tokens) exceeds the available"
            + " context size (8192 tokens)\",\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":9000,"
            + "\"n_ctx\":8192}}", Map.of()),
        reply(text("We were asked to go on; nothing was done yet.")),
        reply(text("Going on after the compaction.")));
    String taskId = harness.start(workspace, "Go on");

    Progress progress = harness.awaitTurnEnd(taskId, 1);

    assertThat(progress.lastMessage()).isEqualTo("Going on after the compaction.");
    List<RecordedRequest> requests = harness.chat.requests();
    assertThat(requests).hasSize(3);
    assertThat(userMessages(requests.get(2))).last().asString()
        .contains("<handoff_summary>", "We were asked to go on; nothing was done yet.");
    assertThat(harness.store.checkpoints(taskId)).extracting(Checkpoint::reason).containsExactly("compaction");
  }

  @Test
  void aLongTurn_compactsLocally_whenTheContextPassesTheLimit_andKeepsEveryItemInChatFormat() throws Exception {
    Files.writeString(workspace.resolve("log.txt"), CompactionTest.logLines(3_000));
    AtomicInteger calls = new AtomicInteger();
    harness.chat.otherwise(request -> {
      String last = request.body().path("messages").get(request.body().path("messages").size() - 1).toString();
      if (last.contains("Write that handoff summary now")) {
        return reply(text("Summary: read the log up to line " + calls.get() * 100 + "."));
      }
      int n = calls.incrementAndGet();
      if (n >= 12) return reply(text("Read enough."));
      int start = 1 + n * 100;
      return reply(toolCall("read_file",
          "{\"path\":\"log.txt\",\"start_line\":" + start + ",\"end_line\":" + (start + 99) + "}"));
    });

    String taskId = harness.start(workspace, "Read the log, a page at a time");
    Progress done = harness.awaitProgress(taskId, p -> p.turn() >= 1 && p.status() != TaskStatus.running, "the turn", 120);

    assertThat(done.status()).isEqualTo(TaskStatus.idle);
    assertThat(done.lastMessage()).isEqualTo("Read enough.");
    List<Checkpoint> checkpoints = harness.store.checkpoints(taskId);
    assertThat(checkpoints).isNotEmpty();
    Store store = new Store(TestDatabase.database());
    assertThat(store.checkpoints().checkpointItems(taskId, checkpoints.get(0).number()))
        .extracting(Item::provider).containsOnly(ProviderId.OPENAI_CHAT);
    harness.chat.requests().forEach(ChatRequests::assertEveryCallAnsweredOnce);
    assertThat(outputOfLastCall(harness.chat.requests().get(harness.chat.requests().size() - 1))).contains("line");
  }
}
