package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reasoning;
import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static dev.longhaul.worker.AgentHarness.assertEveryCallAnsweredOnce;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.testing.ModelScript;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.workflow.EndRequest;
import dev.longhaul.workflow.InterruptRequest;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskResult;
import dev.longhaul.workflow.TaskStatus;
import dev.longhaul.workflow.TurnRequest;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AgentWorkflowTest {
  @RegisterExtension static final AgentHarness harness = AgentHarness.builder().build();
  @TempDir Path workspace;

  @Test
  void toolLoop_readsPatchesAndTestsAProject_thenAnswers() throws Exception {
    Files.writeString(workspace.resolve("calc.sh"), "add() { echo $(( $1 - $2 )); }\n");
    Files.writeString(
        workspace.resolve("test.sh"),
        ". ./calc.sh\n[ \"$(add 2 3)\" = 5 ] && echo PASS || { echo FAIL; exit 1; }\n");
    harness.model.script(
        reply(reasoning("look"), toolCall("read_file", "{\"path\":\"calc.sh\"}")),
        reply(toolCall("apply_patch", patchInput())),
        reply(toolCall("shell", "{\"command\":\"bash test.sh\"}")),
        reply(text("Fixed add; the test passes.")));

    String taskId = harness.start(workspace, "Fix add in calc.sh");
    Progress progress = harness.awaitTurnEnd(taskId, 1);

    assertThat(Files.readString(workspace.resolve("calc.sh")))
        .isEqualTo("add() { echo $(( $1 + $2 )); }\n");
    List<RecordedRequest> requests = harness.model.requests();
    assertThat(requests).hasSize(4);
    assertThat(requests.get(0).userMessages()).containsExactly("Fix add in calc.sh");
    assertThat(outputOfLastCall(requests.get(1))).contains("add() { echo $(( $1 - $2 )); }");
    assertThat(outputOfLastCall(requests.get(2))).contains("Updated the following files", "M calc.sh");
    assertThat(outputOfLastCall(requests.get(3))).contains("Exit code: 0", "PASS");
    requests.forEach(AgentHarness::assertEveryCallAnsweredOnce);
    assertThat(progress.status()).isEqualTo(TaskStatus.idle);
    assertThat(progress.turn()).isEqualTo(1);
    assertThat(progress.step()).isEqualTo(4);
    assertThat(progress.lastTool()).isEqualTo("shell: bash test.sh");
    assertThat(progress.lastMessage()).isEqualTo("Fixed add; the test passes.");
    // The store hears of the end of the turn from an activity just after the workflow's state
    // changes, so a query can be a moment ahead of it.
    harness.awaitProgress(taskId, p -> harness.store.task(taskId).orElseThrow().status().equals("idle"),
        "the store to record the idle task");
  }

  @Test
  void aTasksSearchAttributes_followItsStatus_andFindItInTheServersVisibility() throws Exception {
    harness.model.script(reply(toolCall("shell", "{\"command\":\"sleep 1\"}")), reply(text("Done.")));
    String taskId = harness.start(workspace, "Be found");
    harness.awaitProgress(taskId, p -> "running".equals(harness.searchAttributes(taskId).get("LonghaulStatus")),
        "LonghaulStatus to say running");
    harness.awaitTurnEnd(taskId, 1);

    harness.awaitProgress(taskId, p -> "idle".equals(harness.searchAttributes(taskId).get("LonghaulStatus")),
        "LonghaulStatus to say idle");
    assertThat(harness.searchAttributes(taskId))
        .containsEntry("LonghaulModel", "test-model")
        .containsEntry("LonghaulWorkspace", workspace.toString())
        .containsEntry("LonghaulTurn", "1");
    if (AgentHarness.onCliDevServer()) {
      // The query the UI's workflow list sends, answered by the dev server's visibility store.
      String query = "LonghaulStatus=\"idle\" AND LonghaulWorkspace=\"" + workspace + "\"";
      harness.awaitProgress(taskId, p -> harness.client.listExecutions(query).count() == 1, "the list query to find it");
      assertThat(harness.client.listExecutions(query).map(e -> e.getExecution().getWorkflowId())).containsExactly(taskId);
    }
  }

  @Test
  void requests_carryTheTaskAsCacheKey_andTheToolsSortedByName() throws Exception {
    harness.model.script(reply(text("Hello.")));
    String taskId = harness.start(workspace, "Say hello");
    harness.awaitTurnEnd(taskId, 1);

    RecordedRequest request = harness.model.requests().get(0);
    assertThat(request.body().path("prompt_cache_key").asText()).isEqualTo(taskId);
    assertThat(request.body().path("store").asBoolean(true)).isFalse();
    assertThat(request.body().path("parallel_tool_calls").asBoolean()).isTrue();
    assertThat(request.body().path("include").toString()).isEqualTo("[\"reasoning.encrypted_content\"]");
    assertThat(request.body().path("tools").findValuesAsText("name"))
        .containsExactly("apply_patch", "grep", "list_dir", "read_file", "shell", "update_plan");
    assertThat(request.header("Authorization")).isEqualTo("Bearer sk-test-secret");
  }

  @Test
  void followUpSentWhileATurnRuns_isQueuedAndStartsTheNextTurn() throws Exception {
    harness.model.script(
        reply(toolCall("shell", "{\"command\":\"sleep 2; echo slow\"}")),
        reply(text("First done.")),
        reply(text("Second done.")));
    String taskId = harness.start(workspace, "First");
    harness.awaitProgress(taskId, p -> "shell: sleep 2; echo slow".equals(p.lastTool()), "the shell call");

    harness.existing(taskId).submitTurn(new TurnRequest("Second"));
    assertThat(harness.progress(taskId).queuedTurns()).isEqualTo(1);
    Progress progress = harness.awaitTurnEnd(taskId, 2);

    assertThat(progress.lastMessage()).isEqualTo("Second done.");
    RecordedRequest turnTwo = harness.model.requests().get(2);
    assertThat(turnTwo.userMessages()).containsExactly("First", "Second");
    // The second message comes after the whole first turn, its answer included.
    assertThat(turnTwo.input().get(turnTwo.input().size() - 2).toString()).contains("First done.");
  }

  @Test
  void followUpSentWhileIdle_startsTheNextTurn() throws Exception {
    harness.model.script(reply(text("One.")), reply(text("Two.")));
    String taskId = harness.start(workspace, "First");
    harness.awaitTurnEnd(taskId, 1);

    harness.existing(taskId).submitTurn(new TurnRequest("Again"));
    Progress progress = harness.awaitTurnEnd(taskId, 2);

    assertThat(progress.turn()).isEqualTo(2);
    assertThat(progress.lastMessage()).isEqualTo("Two.");
    assertThat(harness.model.requests().get(1).userMessages()).containsExactly("First", "Again");
  }

  @Test
  void interruptMidTurn_killsTheRunningCommand_andEndsTheTurnWithTheReason() throws Exception {
    harness.model.script(
        reply(toolCall("shell", "{\"command\":\"sleep 30; touch finished\"}")),
        reply(text("After the interrupt.")));
    String taskId = harness.start(workspace, "Run something long");
    harness.awaitProgress(taskId, p -> p.lastTool() != null, "the shell call");
    Thread.sleep(500); // let the command start

    harness.existing(taskId).interrupt(new InterruptRequest("wrong direction"));
    Progress stopped = harness.awaitTurnEnd(taskId, 1);

    assertThat(stopped.status()).isEqualTo(TaskStatus.idle);
    assertThat(stopped.error()).isEqualTo("interrupted: wrong direction");
    Thread.sleep(1_000);
    assertThat(workspace.resolve("finished")).doesNotExist();

    harness.existing(taskId).submitTurn(new TurnRequest("Do something else"));
    harness.awaitTurnEnd(taskId, 2);
    RecordedRequest next = harness.model.requests().get(1);
    assertEveryCallAnsweredOnce(next);
    assertThat(outputOfLastCall(next)).isEqualTo("Interrupted by the user: wrong direction");
    assertThat(next.userMessages())
        .containsExactly(
            "Run something long",
            "<turn_aborted>The user interrupted this turn: wrong direction</turn_aborted>",
            "Do something else");
  }

  @Test
  void interruptWhileIdle_changesNothing() throws Exception {
    harness.model.script(reply(text("Done.")));
    String taskId = harness.start(workspace, "Quick");
    Progress before = harness.awaitTurnEnd(taskId, 1);

    harness.existing(taskId).interrupt(new InterruptRequest("nothing to stop"));

    assertThat(harness.progress(taskId)).isEqualTo(before);
  }

  @Test
  void end_finishesTheTaskOnceIdle() throws Exception {
    harness.model.script(reply(text("Done.")));
    String taskId = harness.start(workspace, "Quick");
    harness.awaitTurnEnd(taskId, 1);

    harness.existing(taskId).end(new EndRequest("finished"));
    TaskResult result =
        WorkflowStub.fromTyped(harness.existing(taskId)).getResult(10, java.util.concurrent.TimeUnit.SECONDS, TaskResult.class);

    assertThat(result).isEqualTo(new TaskResult(TaskStatus.ended, 1, 1, "Done."));
    assertThat(harness.store.task(taskId).orElseThrow().status()).isEqualTo("ended");
  }

  @Test
  void signalsWithoutInput_areIgnored_andTheTaskGoesOn() throws Exception {
    harness.model.script(reply(text("One.")), reply(text("Two.")));
    String taskId = harness.start(workspace, "First");
    harness.awaitTurnEnd(taskId, 1);

    harness.existing(taskId).submitTurn(new TurnRequest(" "));
    harness.existing(taskId).interrupt(null);
    harness.existing(taskId).submitTurn(new TurnRequest("Real follow-up"));
    Progress progress = harness.awaitTurnEnd(taskId, 2);

    assertThat(progress.lastMessage()).isEqualTo("Two.");
    assertThat(harness.model.requests().get(1).userMessages()).containsExactly("First", "Real follow-up");
  }

  @Test
  void theWorkersSecrets_areMaskedInToolOutput_beforeTheStoreTheModelOrHistorySeeThem() throws Exception {
    harness.model.script(
        // The command prints the key without containing it, as one reading /proc/PPID/environ would.
        reply(toolCall("shell", "{\"command\":\"echo key=sk-test-$(echo secret)\"}")), reply(text("Done.")));
    String taskId = harness.start(workspace, "Leak the key");
    harness.awaitTurnEnd(taskId, 1);

    assertThat(outputOfLastCall(harness.model.requests().get(1))).contains("key=[REDACTED]").doesNotContain("sk-test-secret");
    assertThat(harness.transcript(taskId)).noneMatch(item -> item.raw().contains("sk-test-secret"));
    assertThat(harness.client.fetchHistory(taskId).toJson(false)).doesNotContain("sk-test-secret");
  }

  @Test
  void updatePlan_isShownByProgress() throws Exception {
    harness.model.script(
        reply(toolCall("update_plan",
            "{\"plan\":[{\"step\":\"read\",\"status\":\"completed\"},{\"step\":\"fix\",\"status\":\"in_progress\"}]}")),
        reply(text("Planned.")));
    String taskId = harness.start(workspace, "Plan it");
    Progress progress = harness.awaitTurnEnd(taskId, 1);

    assertThat(progress.plan()).extracting(p -> p.step() + "=" + p.status())
        .containsExactly("read=completed", "fix=in_progress");
  }

  static String outputOfLastCall(RecordedRequest request) {
    var outputs = request.input("function_call_output");
    return outputs.get(outputs.size() - 1).path("output").asText();
  }

  private static String patchInput() {
    String patch =
        "*** Begin Patch\n*** Update File: calc.sh\n@@\n-add() { echo $(( $1 - $2 )); }\n"
            + "+add() { echo $(( $1 + $2 )); }\n*** End Patch";
    return "{\"input\":" + ModelScript.quote(patch) + "}";
  }
}
