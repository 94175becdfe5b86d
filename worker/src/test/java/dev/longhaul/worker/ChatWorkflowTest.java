package dev.longhaul.worker;

import static dev.longhaul.testing.ChatScript.reasoning;
import static dev.longhaul.testing.ChatScript.reply;
import static dev.longhaul.testing.ChatScript.text;
import static dev.longhaul.testing.ChatScript.toolCall;
import static dev.longhaul.worker.ChatRequests.assertEveryCallAnsweredOnce;
import static dev.longhaul.worker.ChatRequests.messages;
import static dev.longhaul.worker.ChatRequests.outputOfLastCall;
import static dev.longhaul.worker.ChatRequests.userMessages;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.model.ProviderId;
import dev.longhaul.store.Item;
import dev.longhaul.testing.ModelScript;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.workflow.InterruptRequest;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.RestoreFrom;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskStatus;
import dev.longhaul.workflow.TurnRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The agent loop on a Chat Completions server (Ollama, vLLM, llama.cpp, OpenRouter): the same product. */
class ChatWorkflowTest {
  @RegisterExtension static final AgentHarness harness = AgentHarness.builder().chatByDefault().build();
  @TempDir Path workspace;

  @Test
  void toolLoop_readsPatchesAndTestsAProject_thenAnswers() throws Exception {
    Files.writeString(workspace.resolve("calc.sh"), "add() { echo $(( $1 - $2 )); }\n");
    Files.writeString(workspace.resolve("test.sh"),
        ". ./calc.sh\n[ \"$(add 2 3)\" = 5 ] && echo PASS || { echo FAIL; exit 1; }\n");
    String patch = "*** Begin Patch\n*** Update File: calc.sh\n@@\n-add() { echo $(( $1 - $2 )); }\n"
        + "+add() { echo $(( $1 + $2 )); }\n*** End Patch";
    harness.chat.script(
        reply(reasoning("Read it first."), toolCall("read_file", "{\"path\":\"calc.sh\"}")),
        reply(toolCall("apply_patch", "{\"input\":" + ModelScript.quote(patch) + "}")),
        reply(toolCall("shell", "{\"command\":\"bash test.sh\"}")),
        reply(text("Fixed add; the test passes.")));

    String taskId = harness.start(workspace, "Fix add in calc.sh");
    Progress progress = harness.awaitTurnEnd(taskId, 1);

    assertThat(workspace.resolve("calc.sh")).hasContent("add() { echo $(( $1 + $2 )); }");
    List<RecordedRequest> requests = harness.chat.requests();
    assertThat(requests).hasSize(4);
    assertThat(requests.get(0).body().path("model").asText()).isEqualTo(ChatRequests.MODEL);
    assertThat(userMessages(requests.get(0))).containsExactly("Fix add in calc.sh");
    assertThat(outputOfLastCall(requests.get(1))).contains("add() { echo $(( $1 - $2 )); }");
    assertThat(outputOfLastCall(requests.get(2))).contains("Updated the following files", "M calc.sh");
    assertThat(outputOfLastCall(requests.get(3))).contains("Exit code: 0", "PASS");
    requests.forEach(ChatRequests::assertEveryCallAnsweredOnce);
    // Reasoning goes back within the turn's tool chain, in the assistant message that called.
    assertThat(firstCalling(requests.get(3)).path("reasoning_content").asText()).isEqualTo("Read it first.");
    assertThat(progress.status()).isEqualTo(TaskStatus.idle);
    assertThat(progress.model()).isEqualTo(ChatRequests.MODEL);
    assertThat(progress.lastMessage()).isEqualTo("Fixed add; the test passes.");
    assertThat(harness.transcript(taskId)).extracting(Item::provider).containsOnly(ProviderId.OPENAI_CHAT);
    assertThat(harness.model.requests()).isEmpty(); // the Responses fake was never asked
  }

  @Test
  void parallelCalls_areAllAnswered_andTheirReasoningIsDroppedOnceTheNextTurnBegins() throws Exception {
    Files.writeString(workspace.resolve("a.txt"), "alpha\n");
    Files.writeString(workspace.resolve("b.txt"), "beta\n");
    harness.chat.script(
        reply(reasoning("Both at once."), toolCall("read_file", "{\"path\":\"a.txt\"}"),
            toolCall("read_file", "{\"path\":\"b.txt\"}")),
        reply(text("alpha and beta.")),
        reply(text("Still alpha and beta.")));

    String taskId = harness.start(workspace, "Read a.txt and b.txt");
    harness.awaitTurnEnd(taskId, 1);
    harness.existing(taskId).submitTurn(new TurnRequest("And now?"));
    harness.awaitTurnEnd(taskId, 2);

    List<RecordedRequest> requests = harness.chat.requests();
    JsonNode calling = firstCalling(requests.get(1));
    assertThat(calling.path("tool_calls")).hasSize(2);
    assertThat(calling.path("reasoning_content").asText()).isEqualTo("Both at once.");
    assertThat(ChatRequests.toolMessages(requests.get(1))).extracting(m -> m.path("content").asText())
        .allSatisfy(output -> assertThat(output).containsAnyOf("alpha", "beta"));
    requests.forEach(ChatRequests::assertEveryCallAnsweredOnce);
    JsonNode sameCallNextTurn = firstCalling(requests.get(2));
    assertThat(sameCallNextTurn.has("reasoning_content")).isFalse();
    assertThat(sameCallNextTurn.path("tool_calls")).isEqualTo(calling.path("tool_calls"));
    assertThat(userMessages(requests.get(2))).containsExactly("Read a.txt and b.txt", "And now?");
  }

  @Test
  void interruptMidTurn_killsTheRunningCommand_andTheNextTurnSeesEveryCallAnswered() throws Exception {
    harness.chat.script(
        reply(toolCall("shell", "{\"command\":\"sleep 30; touch finished\"}")),
        reply(text("After the interrupt.")));
    String taskId = harness.start(workspace, "Run something long");
    harness.awaitProgress(taskId, p -> p.lastTool() != null, "the shell call");
    Thread.sleep(500); // let the command start

    harness.existing(taskId).interrupt(new InterruptRequest("wrong direction"));
    Progress stopped = harness.awaitTurnEnd(taskId, 1);
    harness.existing(taskId).submitTurn(new TurnRequest("Do something else"));
    harness.awaitTurnEnd(taskId, 2);

    assertThat(stopped.error()).isEqualTo("interrupted: wrong direction");
    assertThat(workspace.resolve("finished")).doesNotExist();
    RecordedRequest next = harness.chat.requests().get(1);
    assertEveryCallAnsweredOnce(next);
    assertThat(outputOfLastCall(next)).isEqualTo("Interrupted by the user: wrong direction");
    assertThat(userMessages(next)).containsExactly("Run something long",
        "<turn_aborted>The user interrupted this turn: wrong direction</turn_aborted>", "Do something else");
  }

  @Test
  void aTaskSwitchedToChat_compactsLocallyFirst_thenContinuesFromTheHandoffSummary() throws Exception {
    harness.model.script(
        reply(ModelScript.text("Responses here.")),
        reply(ModelScript.text("We were greeting; nothing else is open.")));
    harness.chat.script(reply(text("Chat here, carrying on.")));
    String taskId = harness.start(TaskInput.of(workspace.toString(), "Say hello").withProvider("openai-responses"));
    harness.awaitTurnEnd(taskId, 1);

    harness.existing(taskId).submitTurn(new TurnRequest("Carry on", null, null, "openai-chat"));
    Progress done = harness.awaitTurnEnd(taskId, 2);

    assertThat(done.lastMessage()).isEqualTo("Chat here, carrying on.");
    assertThat(done.model()).isEqualTo(ChatRequests.MODEL);
    RecordedRequest summary = harness.model.requests().get(1);
    assertThat(summary.rawBody()).contains("Carry on"); // the new message is part of what is handed over
    RecordedRequest first = harness.chat.requests().get(0);
    assertThat(userMessages(first)).containsExactly("Say hello", "Carry on",
        userMessages(first).get(2)); // the kept messages, then the bridge with the summary
    assertThat(userMessages(first).get(2)).contains("<handoff_summary>", "We were greeting; nothing else is open.");
    assertThat(harness.store.checkpoints(taskId)).hasSize(1);
    List<Item> all = harness.transcript(taskId);
    assertThat(all.get(all.size() - 1).provider()).isEqualTo(ProviderId.OPENAI_CHAT);
    assertThat(all.get(0).provider()).isEqualTo(ProviderId.OPENAI_RESPONSES);
  }

  @Test
  void aForkOfAChatTask_continuesOnChat_evenWhenItAsksForAnotherProvider() throws Exception {
    harness.chat.script(reply(text("First answer.")), reply(text("Forked answer.")));
    String source = harness.start(workspace, "Start here");
    harness.awaitTurnEnd(source, 1);

    String fork = harness.start(TaskInput.of(workspace.toString(), "Try another way")
        .withRestore(new RestoreFrom(source, null)).withProvider("openai-responses"));
    Progress done = harness.awaitTurnEnd(fork, 2);

    assertThat(done.lastMessage()).isEqualTo("Forked answer.");
    assertThat(done.model()).isEqualTo(ChatRequests.MODEL);
    assertThat(userMessages(harness.chat.requests().get(1))).containsExactly("Start here", "Try another way");
    assertThat(harness.model.requests()).isEmpty();
  }

  private static JsonNode firstCalling(RecordedRequest request) {
    return messages(request).stream().filter(m -> m.has("tool_calls")).findFirst().orElseThrow();
  }
}
