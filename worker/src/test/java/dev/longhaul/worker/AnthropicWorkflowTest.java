package dev.longhaul.worker;

import static dev.longhaul.testing.AnthropicRequests.blocksOfType;
import static dev.longhaul.testing.AnthropicRequests.lastToolResult;
import static dev.longhaul.testing.AnthropicRequests.userTexts;
import static dev.longhaul.testing.AnthropicScript.overloaded;
import static dev.longhaul.testing.AnthropicScript.rateLimited;
import static dev.longhaul.testing.AnthropicScript.reply;
import static dev.longhaul.testing.AnthropicScript.streamError;
import static dev.longhaul.testing.AnthropicScript.text;
import static dev.longhaul.testing.AnthropicScript.thinking;
import static dev.longhaul.testing.AnthropicScript.toolUse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.model.ModelConfig;
import dev.longhaul.model.ProviderId;
import dev.longhaul.model.ProviderSettings;
import dev.longhaul.store.Item;
import dev.longhaul.testing.AnthropicScript;
import dev.longhaul.testing.FakeAnthropicServer;
import dev.longhaul.testing.ModelScript;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.workflow.InterruptRequest;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskResult;
import dev.longhaul.workflow.TaskStatus;
import dev.longhaul.workflow.TurnRequest;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real workflow and activities with Anthropic as the worker's provider, against the fake
 * Anthropic server, which refuses any request that breaks the Messages API's rules: every task here
 * only completes if each request Longhaul built was a valid one.
 */
class AnthropicWorkflowTest {
  static final FakeAnthropicServer anthropic = FakeAnthropicServer.start();
  @RegisterExtension static final AgentHarness harness = AgentHarness.builder()
      .streamIdleTimeout(Duration.ofSeconds(3))
      .settings(s -> s.withProviders(ProviderSettings.only(ProviderId.ANTHROPIC,
          new ModelConfig(anthropic.baseUrl(), "sk-ant-test-secret", "claude-test", Duration.ofSeconds(3)))))
      .build();
  @TempDir Path workspace;

  @BeforeEach
  void freshScript() {
    anthropic.reset();
  }

  @AfterAll
  static void stopFake() {
    anthropic.close();
  }

  @Test
  void toolLoop_readsPatchesAndTestsAProject_withThinkingKeptByteForByte() throws Exception {
    Files.writeString(workspace.resolve("calc.sh"), "add() { echo $(( $1 - $2 )); }\n");
    Files.writeString(workspace.resolve("test.sh"),
        ". ./calc.sh\n[ \"$(add 2 3)\" = 5 ] && echo PASS || { echo FAIL; exit 1; }\n");
    anthropic.script(
        reply(thinking("Read the code first.", "EqQBCgIYAhIMsig1"), toolUse("read_file", "{\"path\":\"calc.sh\"}")),
        reply(thinking("The sign is wrong.", "EqQBCgIYAhIMsig2"), toolUse("apply_patch", patchInput())),
        reply(toolUse("shell", "{\"command\":\"bash test.sh\"}")),
        reply(text("Fixed add; the test passes.")));

    String taskId = harness.start(workspace, "Fix add in calc.sh");
    Progress progress = harness.awaitTurnEnd(taskId, 1);

    assertThat(Files.readString(workspace.resolve("calc.sh"))).isEqualTo("add() { echo $(( $1 + $2 )); }\n");
    List<RecordedRequest> requests = anthropic.requests();
    assertThat(requests).hasSize(4);
    assertThat(userTexts(requests.get(0))).contains("Fix add in calc.sh");
    assertThat(lastToolResult(requests.get(1))).contains("add() { echo $(( $1 - $2 )); }");
    assertThat(lastToolResult(requests.get(2))).contains("Updated the following files", "M calc.sh");
    assertThat(lastToolResult(requests.get(3))).contains("Exit code: 0", "PASS");
    // The thinking blocks go back with their signatures, the same bytes in every later request.
    List<Item> transcript = harness.transcript(taskId);
    List<String> thoughts = transcript.stream().filter(i -> i.kind().label().equals("thinking")).map(Item::raw).toList();
    assertThat(thoughts).hasSize(2);
    assertThat(requests.get(3).rawBody()).contains(thoughts.get(0)).contains(thoughts.get(1));
    assertThat(blocksOfType(requests.get(3), "thinking")).extracting(b -> b.path("signature").asText())
        .containsExactly("EqQBCgIYAhIMsig1", "EqQBCgIYAhIMsig2");
    assertThat(transcript).extracting(Item::provider).containsOnly(ProviderId.ANTHROPIC);
    assertThat(progress.status()).isEqualTo(TaskStatus.idle);
    assertThat(progress.lastMessage()).isEqualTo("Fixed add; the test passes.");
  }

  @Test
  void requests_carryTheKeyTheVersionTheSortedToolsAndTheirBreakpoints() throws Exception {
    anthropic.script(reply(text("Hello.")));
    String taskId = harness.start(workspace, "Say hello");
    harness.awaitTurnEnd(taskId, 1);

    RecordedRequest request = anthropic.requests().get(0);
    assertThat(request.header("x-api-key")).isEqualTo("sk-ant-test-secret");
    assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
    JsonNode body = request.body();
    assertThat(body.path("model").asText()).isEqualTo("claude-test");
    assertThat(body.path("tools").findValuesAsText("name"))
        .containsExactly("apply_patch", "grep", "list_dir", "read_file", "shell", "update_plan");
    assertThat(body.path("tools").get(0).has("input_schema")).isTrue();
    assertThat(body.path("system").get(0).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
    assertThat(body.toString().split("cache_control", -1).length - 1).isBetween(2, 4);
  }

  @Test
  void aFollowUpTurn_extendsTheConversation_keepingTheFirstTurnsThinking() throws Exception {
    anthropic.script(reply(thinking("Easy.", "sig-a"), text("One.")), reply(text("Two.")));
    String taskId = harness.start(workspace, "First");
    harness.awaitTurnEnd(taskId, 1);

    harness.existing(taskId).submitTurn(new TurnRequest("Again"));
    Progress progress = harness.awaitTurnEnd(taskId, 2);

    assertThat(progress.lastMessage()).isEqualTo("Two.");
    RecordedRequest second = anthropic.requests().get(1);
    assertThat(userTexts(second)).containsSubsequence("First", "Again");
    assertThat(blocksOfType(second, "thinking")).hasSize(1);
    assertThat(second.body().path("messages").findValuesAsText("role")).containsExactly("user", "assistant", "user");
  }

  @Test
  void anInterruptMidTurn_answersTheRunningCall_soTheNextRequestIsValid() throws Exception {
    anthropic.script(
        reply(toolUse("shell", "{\"command\":\"sleep 30; touch finished\"}")),
        reply(text("After the interrupt.")));
    String taskId = harness.start(workspace, "Run something long");
    harness.awaitProgress(taskId, p -> p.lastTool() != null, "the shell call");
    Thread.sleep(500);

    harness.existing(taskId).interrupt(new InterruptRequest("wrong direction"));
    Progress stopped = harness.awaitTurnEnd(taskId, 1);
    harness.existing(taskId).submitTurn(new TurnRequest("Do something else"));
    Progress next = harness.awaitTurnEnd(taskId, 2);

    assertThat(stopped.error()).isEqualTo("interrupted: wrong direction");
    assertThat(next.lastMessage()).isEqualTo("After the interrupt.");
    RecordedRequest after = anthropic.requests().get(1);
    assertThat(lastToolResult(after)).isEqualTo("Interrupted by the user: wrong direction");
    assertThat(userTexts(after)).contains("Do something else");
    assertThat(workspace.resolve("finished")).doesNotExist();
  }

  @Test
  void badToolArgumentsAndAnUnknownTool_areAnsweredWithAnError_andTheTurnGoesOn() throws Exception {
    anthropic.script(
        reply(toolUse("read_file", "{\"file\":\"nope\"}"), toolUse("teleport", "{\"to\":\"mars\"}")),
        reply(text("I will use the right tools.")));
    String taskId = harness.start(workspace, "Try things");

    Progress progress = harness.awaitTurnEnd(taskId, 1);

    assertThat(progress.lastMessage()).isEqualTo("I will use the right tools.");
    List<JsonNode> results = blocksOfType(anthropic.requests().get(1), "tool_result");
    assertThat(results).hasSize(2);
    assertThat(results.get(0).path("content").asText()).containsIgnoringCase("path");
    assertThat(results.get(1).path("content").asText()).contains("teleport");
  }

  @Test
  void status401_failsTheTaskAtOnce_withAnthropicsMessage() throws Exception {
    anthropic.requireKey("sk-ant-another-key");
    String taskId = harness.start(workspace, "Anything");

    WorkflowStub stub = WorkflowStub.fromTyped(harness.existing(taskId));
    assertThatThrownBy(() -> stub.getResult(30, TimeUnit.SECONDS, TaskResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("HTTP 401: authentication_error: invalid x-api-key");
    assertThat(harness.store.task(taskId).orElseThrow().error()).contains("invalid x-api-key");
  }

  @Test
  void aModelAnthropicRejects_failsTheTaskWithItsMessage() throws Exception {
    anthropic.script(AnthropicScript.error(404, "not_found_error", "model: claude-test"));
    String taskId = harness.start(workspace, "Anything");

    WorkflowStub stub = WorkflowStub.fromTyped(harness.existing(taskId));
    assertThatThrownBy(() -> stub.getResult(30, TimeUnit.SECONDS, TaskResult.class))
        .rootCause().hasMessageContaining("not_found_error: model: claude-test");
  }

  @Test
  void overloadRateLimitsAndAnOverloadedStream_areRetried_andTheTurnCompletes() throws Exception {
    anthropic.script(
        overloaded(),
        rateLimited(1),
        streamError("overloaded_error", "Overloaded"),
        reply(text("Made it.")));
    String taskId = harness.start(workspace, "Busy provider");

    Progress progress = harness.awaitProgress(taskId, p -> p.turn() >= 1 && !p.status().inTurn(), "the turn", 120);

    assertThat(progress.lastMessage()).isEqualTo("Made it.");
    assertThat(anthropic.requests()).hasSize(4);
  }

  @Test
  void aCutHungOrGarbledStream_isRetried_andLeavesNoPartialItems() throws Exception {
    anthropic.script(
        ModelScript.cutOff(toolUse("list_dir", "{\"path\":\".\"}")),
        ModelScript.hang(Duration.ofSeconds(20)),
        ModelScript.garbage("data: <html>Bad gateway</html>\n\n"),
        reply(toolUse("list_dir", "{\"path\":\".\"}")),
        reply(text("Recovered.")));
    String taskId = harness.start(workspace, "Flaky provider");

    Progress progress = harness.awaitProgress(taskId, p -> p.turn() >= 1 && !p.status().inTurn(), "the turn", 120);

    assertThat(progress.lastMessage()).isEqualTo("Recovered.");
    assertThat(anthropic.requests()).hasSize(5);
    assertThat(harness.transcript(taskId)).extracting(item -> item.kind().label())
        .containsExactly("message:developer", "message:user", "function_call", "function_call_output",
            "message:assistant");
  }

  private static String patchInput() {
    String patch = "*** Begin Patch\n*** Update File: calc.sh\n@@\n-add() { echo $(( $1 - $2 )); }\n"
        + "+add() { echo $(( $1 + $2 )); }\n*** End Patch";
    return "{\"input\":" + ModelScript.quote(patch) + "}";
  }
}
