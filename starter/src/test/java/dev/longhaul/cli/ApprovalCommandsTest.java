package dev.longhaul.cli;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.cli.CliHarness.Result;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code approvals}, {@code approve} and {@code deny} end to end, against the dev stack and a
 * model that asks to run {@code touch x} outside the sandbox under {@code --approval on-request}.
 */
class ApprovalCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ESCALATED =
      "{\"command\":\"touch x\",\"sandbox_permissions\":\"require_escalated\",\"justification\":\"needs it\"}";

  @RegisterExtension static final CliHarness harness = new CliHarness();
  @TempDir Path workspace;

  @Test
  void approveAndDeny_ofAnUnknownTask_areRefusedWithOneLine() {
    for (List<String> command : List.of(
        List.of("approve", "nope"), List.of("approve", "nope", "3", "--for-task"),
        List.of("deny", "nope", "--reason", "no"), List.of("approvals", "nope"))) {
      Result result = harness.longhaul(command.toArray(String[]::new));

      assertThat(result.exitCode()).as(command.toString()).isEqualTo(1);
      assertThat(result.err()).as(command.toString()).isEqualTo("longhaul: unknown task id: nope\n");
    }
  }

  @Test
  void approve_whenNothingIsPending_isRefusedWithTheWorkflowsOneLineReason() {
    String id = idleTask();

    Result approve = harness.longhaul("approve", id);
    Result deny = harness.longhaul("deny", id, "5");

    assertThat(approve.exitCode()).isEqualTo(1);
    assertThat(approve.err()).startsWith("longhaul: task " + id + ": nothing ").hasLineCount(1);
    assertThat(deny.exitCode()).isEqualTo(1);
    assertThat(deny.err()).startsWith("longhaul: task " + id + ": nothing ").hasLineCount(1);
  }

  @Test
  void approve_ofATaskThatHasEnded_saysSo() {
    String id = idleTask();
    harness.longhaul("end", id);
    Await.until(() -> harness.longhaul("status", id).out().contains(": ended"), Duration.ofSeconds(30), "the end");

    Result approve = harness.longhaul("approve", id);

    assertThat(approve.exitCode()).isEqualTo(1);
    assertThat(approve.err()).isEqualTo("longhaul: task " + id + " has ended\n");
  }

  @Test
  void approvals_whenNoneArePending_saysSo() {
    String id = idleTask();

    Result one = harness.longhaul("approvals", id);
    Result all = harness.longhaul("approvals");

    assertThat(one.exitCode()).isZero();
    assertThat(one.out()).isEmpty();
    assertThat(one.err()).isEqualTo("no approvals pending\n");
    assertThat(all.exitCode()).as(all.err()).isZero();
    assertThat(all.out()).doesNotContain("task " + id);
  }

  /** Needs the workflow's approvals (the lead's change). */
  @Test
  void anEscalatedCall_waitsIsListedAndShown_andRunsOnceApproved() throws Exception {
    harness.model.script(reply(toolCall("shell", ESCALATED)), reply(text("Touched.")));
    String id = LonghaulCommandTest.newId();
    CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> harness.longhaul(
        "run", "--approval", "on-request", "--workspace", workspace.toString(), "--task-id", id, "touch x"));

    String callId = awaitPendingCall(id);
    // The run command polls every 250 ms: let it see the wait before the wait is answered.
    Thread.sleep(1_500);
    Result approvals = harness.longhaul("approvals");
    Result status = harness.longhaul("status", id);
    Result approve = harness.longhaul("approve", id);

    assertThat(approvals.out()).contains(
        "task " + id + " · call " + callId + " · shell · asked ",
        "  command: touch x\n", "  workdir: ", "  reason:  ", "needs it\n",
        "  answer:  longhaul approve " + id + " " + callId + "   or   longhaul deny " + id + " " + callId);
    assertThat(status.out()).contains(id + ": awaiting-approval", "approvals: on-request", "waiting for your answer:\n",
        "  call " + callId + " · shell · asked ", "    command: touch x\n", "    reason:  ", "needs it\n");
    assertThat(approve.exitCode()).as(approve.err()).isZero();
    assertThat(approve.err()).isEqualTo("approved call " + callId + " of " + id + ": touch x\n");
    Result done = run.get(60, TimeUnit.SECONDS);
    assertThat(done.exitCode()).as(done.err()).isZero();
    assertThat(done.err()).contains("awaiting-approval", "  waiting for approval:\n", "    command: touch x\n");
    assertThat(done.out()).endsWith("Touched.\n");
    assertThat(workspace.resolve("x")).exists();
    assertThat(harness.longhaul("approvals", id).err()).isEqualTo("no approvals pending\n");
  }

  /** Needs the workflow's approvals (the lead's change). */
  @Test
  void aDeniedCall_doesNotRun_andTheModelReadsTheReasonAsItsOutput() throws Exception {
    harness.model.script(reply(toolCall("shell", ESCALATED)), reply(text("Understood.")));
    String id = detachedTask();
    String callId = awaitPendingCall(id);

    Result deny = harness.longhaul("deny", id, callId, "--reason", "not on this machine");

    assertThat(deny.exitCode()).as(deny.err()).isZero();
    assertThat(deny.err()).isEqualTo("denied call " + callId + " of " + id + ": touch x\n");
    assertThat(harness.longhaul("watch", id).out()).endsWith("Understood.\n");
    assertThat(workspace.resolve("x")).doesNotExist();
    List<JsonNode> outputs = harness.model.requests().get(1).input("function_call_output");
    assertThat(outputs).hasSize(1);
    assertThat(outputs.get(0).path("output").asText()).contains("not on this machine");
  }

  /** Needs the workflow's approvals (the lead's change). */
  @Test
  void anUnknownCallId_isRefused_andTheApprovalStaysPending() {
    harness.model.script(reply(toolCall("shell", ESCALATED)), reply(text("Touched.")));
    String id = detachedTask();
    String callId = awaitPendingCall(id);

    Result approve = harness.longhaul("approve", id, "999");

    assertThat(approve.exitCode()).isEqualTo(1);
    assertThat(approve.err()).startsWith("longhaul: task " + id + ": ").contains("999").hasLineCount(1);
    assertThat(harness.longhaul("approve", id, callId).exitCode()).isZero();
    assertThat(harness.longhaul("watch", id).out()).endsWith("Touched.\n");
  }

  /**
   * Two escalated calls: once the first is answered and the second waits, answering the first
   * again is refused as already answered (not as "nothing pending"). Needs the workflow's
   * approvals (the lead's change).
   */
  @Test
  void aCallAlreadyAnswered_isRefused() {
    String second = "{\"command\":\"touch y\",\"sandbox_permissions\":\"require_escalated\",\"justification\":\"also\"}";
    harness.model.script(reply(toolCall("shell", ESCALATED)), reply(toolCall("shell", second)), reply(text("Both.")));
    String id = detachedTask();
    String first = awaitPendingCall(id);
    assertThat(harness.longhaul("approve", id, first).exitCode()).isZero();
    String next = Await.value(() -> {
      String call = pendingCall(id);
      return call != null && !call.equals(first) ? call : null;
    }, Duration.ofSeconds(60), "the second call to wait");

    Result again = harness.longhaul("approve", id, first);

    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).startsWith("longhaul: task " + id + ": ").contains("already answered").hasLineCount(1);
    assertThat(harness.longhaul("deny", id, next).exitCode()).isZero();
    assertThat(harness.longhaul("watch", id).out()).endsWith("Both.\n");
  }

  /** Needs the workflow's approvals (the lead's change). */
  @Test
  void interrupt_whileAnApprovalWaits_cancelsIt() {
    harness.model.script(reply(toolCall("shell", ESCALATED)), reply(text("Stopped.")));
    String id = detachedTask();
    awaitPendingCall(id);

    Result interrupt = harness.longhaul("interrupt", id);

    assertThat(interrupt.exitCode()).as(interrupt.err()).isZero();
    Await.until(() -> !harness.longhaul("status", id).out().contains("awaiting-approval"),
        Duration.ofSeconds(30), "the interrupt");
    assertThat(harness.longhaul("approvals", id).err()).isEqualTo("no approvals pending\n");
    assertThat(workspace.resolve("x")).doesNotExist();
  }

  private String idleTask() {
    return harness.idleTask(workspace);
  }

  private String detachedTask() {
    String id = LonghaulCommandTest.newId();
    Result run = harness.longhaul(
        "run", "--detach", "--approval", "on-request", "--workspace", workspace.toString(), "--task-id", id, "touch x");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return id;
  }

  private String awaitPendingCall(String id) {
    return Await.value(() -> pendingCall(id), Duration.ofSeconds(30), "an approval to be pending in " + id);
  }

  /** The first pending call's id, as {@code status --json} shows it; null when none is pending. */
  private String pendingCall(String id) {
    Result status = harness.longhaul("status", "--json", id);
    if (status.err().startsWith("longhaul: unknown task id")) return null; // not started yet
    if (status.exitCode() != 0) throw new AssertionError(status.err());
    try {
      JsonNode approvals = JSON.readTree(status.out()).path("approvals");
      return approvals.isEmpty() ? null : approvals.path(0).path("callId").asText();
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
