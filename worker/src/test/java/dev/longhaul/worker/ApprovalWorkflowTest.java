package dev.longhaul.worker;

import static dev.longhaul.worker.StubActivities.answer;
import static dev.longhaul.worker.StubActivities.command;
import static dev.longhaul.worker.StubActivities.costing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.longhaul.contract.AbortTool;
import dev.longhaul.contract.AppendMessage;
import dev.longhaul.contract.AppendMessage.Role;
import dev.longhaul.contract.ApprovalPolicy;
import dev.longhaul.contract.SampleRequest;
import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.contract.StatusUpdate;
import dev.longhaul.contract.ToolRequest;
import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.ApprovalAnswer;
import dev.longhaul.workflow.ApprovalAnswered;
import dev.longhaul.workflow.Budget;
import dev.longhaul.workflow.InterruptRequest;
import dev.longhaul.workflow.PendingApproval;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskPolicy;
import dev.longhaul.workflow.TaskStatus;
import dev.longhaul.workflow.TurnRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Approvals and budgets: the workflow's own logic on the time-skipping test server, with {@link
 * StubActivities} standing in for the model and the tools. Waits of days take milliseconds.
 */
class ApprovalWorkflowTest {
  private static final String TASK = "task-approvals";
  private static final String WORKSPACE = "/workspaces/project";
  private static final SandboxPolicy CONFINED = SandboxPolicy.of(SandboxMode.WORKSPACE_WRITE);

  @RegisterExtension final StubbedServer server = new StubbedServer();
  final StubActivities activities = server.activities;

  @Test
  void theModelIsToldItsSandboxAndApprovalPolicy_beforeTheFirstMessage() {
    activities.policy(CONFINED, ApprovalPolicy.ON_REQUEST).script(answer("Hi."));
    start("Hello", TaskPolicy.defaults());
    awaitStatus(p -> p.turn() >= 1 && p.status() == TaskStatus.idle);

    List<AppendMessage> appended = activities.calls(AppendMessage.class);
    assertThat(appended).extracting(AppendMessage::role).containsExactly(Role.developer, Role.user);
    assertThat(appended.get(0).text())
        .contains("Sandbox: workspace-write", "Network: off", "Approval policy: on-request", "require_escalated");
    assertThat(task().progress().sandbox()).isEqualTo("workspace-write, network off");
    assertThat(task().progress().approvalPolicy()).isEqualTo("on-request");
  }

  @Test
  void onRequest_anEscalationWaitsForAPerson_forDays_thenRunsOutsideTheSandboxOnceApproved() {
    activities.policy(CONFINED, ApprovalPolicy.ON_REQUEST)
        .script(command("npm install", false, "needs the network"), answer("Installed."));
    start("Install", TaskPolicy.defaults());

    Progress waiting = awaitStatus(p -> p.status() == TaskStatus.awaiting_approval);
    PendingApproval pending = waiting.approvals().get(0);
    assertThat(pending.command()).isEqualTo("npm install");
    assertThat(pending.reason()).contains("outside the sandbox", "needs the network");
    assertThat(pending.outsideSandbox()).isTrue();
    assertThat(activities.calls(ToolRequest.class)).isEmpty();
    assertThat(activities.calls(StatusUpdate.class)).last()
        .extracting(StatusUpdate::status).isEqualTo("awaiting-approval");

    server.env().sleep(Duration.ofDays(3));
    ApprovalAnswered answered = task().answerApproval(ApprovalAnswer.approve(null, false));

    assertThat(answered).isEqualTo(new ApprovalAnswered(pending.callId(), "npm install", true, false));
    Progress done = awaitStatus(p -> p.turn() >= 1 && p.status() == TaskStatus.idle);
    assertThat(done.lastMessage()).isEqualTo("Installed.");
    assertThat(done.approvals()).isEmpty();
    assertThat(activities.calls(ToolRequest.class)).singleElement()
        .satisfies(r -> assertThat(r.escalated()).isTrue())
        .satisfies(r -> assertThat(r.sandbox()).isEqualTo(CONFINED));
  }

  @Test
  void aDenial_reachesTheModelAsTheCallsOutput_andNothingRuns() {
    activities.policy(CONFINED, ApprovalPolicy.ON_REQUEST)
        .script(command("rm -rf build", false, "clean slate"), answer("Understood."));
    start("Clean", TaskPolicy.defaults());
    awaitStatus(p -> p.status() == TaskStatus.awaiting_approval);

    task().answerApproval(ApprovalAnswer.deny(null, "keep the build"));
    awaitStatus(p -> p.turn() >= 1 && p.status() == TaskStatus.idle);

    assertThat(activities.calls(ToolRequest.class)).isEmpty();
    assertThat(activities.calls(AbortTool.class)).singleElement()
        .extracting(AbortTool::reason).isEqualTo("Not run: the user denied this call: keep the build");
  }

  @Test
  void approvedForTheTask_anIdenticalCommandRunsWithoutAskingAgain_andAnotherOneAsks() {
    activities.policy(CONFINED, ApprovalPolicy.ON_REQUEST).script(
        command("make deploy", false, "pushes"), command("make deploy", false, "pushes"),
        command("make publish", false, "pushes"), answer("Done."));
    start("Deploy twice", TaskPolicy.defaults());
    awaitStatus(p -> p.status() == TaskStatus.awaiting_approval);

    task().answerApproval(ApprovalAnswer.approve(null, true));
    Progress next = awaitStatus(p -> p.status() == TaskStatus.awaiting_approval
        && p.approvals().get(0).command().equals("make publish"));

    assertThat(activities.calls(ToolRequest.class)).hasSize(2).allMatch(ToolRequest::escalated);
    assertThat(next.approvals()).hasSize(1);
  }

  @Test
  void untrusted_asksBeforeAnUnknownCommand_butRunsAKnownReadOnlyOneAtOnce() {
    activities.policy(CONFINED, ApprovalPolicy.UNTRUSTED)
        .script(command("ls -la", true, null), command("make", false, null), answer("Built."));
    start("Build", TaskPolicy.defaults());

    Progress waiting = awaitStatus(p -> p.status() == TaskStatus.awaiting_approval);
    assertThat(activities.calls(ToolRequest.class)).hasSize(1); // ls ran without asking
    assertThat(waiting.approvals().get(0).command()).isEqualTo("make");
    assertThat(waiting.approvals().get(0).outsideSandbox()).isFalse();

    task().answerApproval(ApprovalAnswer.approve(waiting.approvals().get(0).callId(), false));
    awaitStatus(p -> p.turn() >= 1 && p.status() == TaskStatus.idle);
    assertThat(activities.calls(ToolRequest.class)).hasSize(2).noneMatch(ToolRequest::escalated);
  }

  @Test
  void never_refusesAnEscalationWithoutAsking_andSaysWhy() {
    activities.policy(CONFINED, ApprovalPolicy.NEVER)
        .script(command("curl example.com", false, "fetch docs"), answer("OK."));
    start("Fetch", TaskPolicy.defaults());
    awaitStatus(p -> p.turn() >= 1 && p.status() == TaskStatus.idle);

    assertThat(activities.calls(ToolRequest.class)).isEmpty();
    assertThat(activities.calls(AbortTool.class)).singleElement()
        .extracting(AbortTool::reason).asString().contains("approval policy is never");
    assertThat(activities.calls(StatusUpdate.class)).noneMatch(u -> u.status().equals("awaiting-approval"));
  }

  @Test
  void onFailure_asksToRunAgainOutsideTheSandbox_aCommandThatFailedInside() {
    activities.policy(CONFINED, ApprovalPolicy.ON_FAILURE).failInSandbox()
        .script(command("make test", false, null), answer("Tests pass."));
    start("Test", TaskPolicy.defaults());

    Progress waiting = awaitStatus(p -> p.status() == TaskStatus.awaiting_approval);
    assertThat(waiting.approvals().get(0).reason()).contains("failed inside the sandbox");
    task().answerApproval(ApprovalAnswer.approve(null, false));
    awaitStatus(p -> p.turn() >= 1 && p.status() == TaskStatus.idle);

    assertThat(activities.calls(ToolRequest.class)).extracting(ToolRequest::escalated).containsExactly(false, true);
    assertThat(activities.calls(ToolRequest.class)).extracting(ToolRequest::outputSeq).containsOnly(3L);
  }

  @Test
  void anInterruptWhileWaiting_cancelsTheRequest_answersTheCall_andALateApprovalIsRefused() {
    activities.policy(CONFINED, ApprovalPolicy.ON_REQUEST).script(command("make deploy", false, "pushes"));
    start("Deploy", TaskPolicy.defaults());
    String callId = awaitStatus(p -> p.status() == TaskStatus.awaiting_approval).approvals().get(0).callId();

    task().interrupt(new InterruptRequest("changed my mind"));
    Progress idle = awaitStatus(p -> p.turn() >= 1 && p.status() == TaskStatus.idle);

    assertThat(idle.approvals()).isEmpty();
    assertThat(idle.error()).isEqualTo("interrupted: changed my mind");
    assertThat(activities.calls(ToolRequest.class)).isEmpty();
    assertThat(activities.calls(AbortTool.class)).singleElement()
        .extracting(AbortTool::reason).asString().contains("Interrupted by the user");
    assertThatThrownBy(() -> task().answerApproval(ApprovalAnswer.approve(callId, false)))
        .isInstanceOf(WorkflowUpdateException.class)
        .satisfies(e -> assertThat(rootMessage(e)).isEqualTo("call " + callId + " was already answered"));
  }

  @Test
  void answersThatCannotApply_areRefusedWithOneLine() {
    activities.policy(CONFINED, ApprovalPolicy.ON_REQUEST)
        .script(answer("Nothing to do."), command("make deploy", false, "pushes"), answer("Deployed."));
    start("Hello", TaskPolicy.defaults());
    awaitStatus(p -> p.turn() >= 1 && p.status() == TaskStatus.idle);

    assertThat(refusal(ApprovalAnswer.approve(null, false))).isEqualTo("nothing is waiting for approval");
    task().submitTurn(new TurnRequest("Deploy"));
    String callId = awaitStatus(p -> p.status() == TaskStatus.awaiting_approval).approvals().get(0).callId();
    assertThat(refusal(ApprovalAnswer.approve("999", false)))
        .isEqualTo("no pending approval for call 999; pending: " + callId);

    task().answerApproval(ApprovalAnswer.approve(callId, false));
    assertThat(refusal(ApprovalAnswer.deny(callId, "too late"))).isEqualTo("call " + callId + " was already answered");
    assertThat(awaitStatus(p -> p.turn() >= 1 && p.status() == TaskStatus.idle).lastMessage()).isEqualTo("Deployed.");
  }

  @Test
  void aPendingApproval_survivesContinueAsNew_andIsAnsweredInTheNextRun() {
    activities.policy(CONFINED, ApprovalPolicy.ON_REQUEST)
        .script(command("make deploy", false, "pushes"), answer("Deployed."));
    for (int i = 0; i < 12; i++) activities.script(answer("ok " + i));
    start("Deploy", TaskPolicy.defaults(), 40);
    PendingApproval before = awaitStatus(p -> p.status() == TaskStatus.awaiting_approval).approvals().get(0);

    // Follow-ups sent while the call waits grow the run's history past its bound.
    for (int i = 0; i < 12; i++) task().submitTurn(new TurnRequest("and then step " + i));
    awaitStatus(p -> runs() >= 2);

    Progress waiting = task().progress();
    assertThat(waiting.status()).isEqualTo(TaskStatus.awaiting_approval);
    assertThat(waiting.approvals()).containsExactly(before);
    assertThat(waiting.queuedTurns()).isEqualTo(12);
    task().answerApproval(ApprovalAnswer.approve(before.callId(), false));
    awaitStatus(p -> p.turn() == 13 && p.status() == TaskStatus.idle);
    assertThat(activities.calls(ToolRequest.class)).singleElement().satisfies(r -> assertThat(r.escalated()).isTrue());
    assertThat(activities.calls(SampleRequest.class).get(1).turn()).isEqualTo(1); // the turn went on first
  }

  @Test
  void aTokenBudget_stopsTheTurnAtTheNextStep_andAFollowUpThatRaisesItGoesOn() {
    activities.policy(CONFINED, ApprovalPolicy.ON_REQUEST).script(
        command("make a", false, null), command("make b", false, null), command("make c", false, null),
        answer("All made."));
    start("Make", new TaskPolicy(null, null, new Budget(null, 200L, null), false));

    Progress stopped = awaitStatus(p -> p.status() == TaskStatus.needs_attention);
    assertThat(stopped.error()).startsWith("budget reached: the task has used 220 of its 200 tokens");
    assertThat(activities.calls(SampleRequest.class)).hasSize(2);

    task().submitTurn(new TurnRequest("Go on", null, new Budget(null, 10_000L, null)));
    Progress done = awaitStatus(p -> p.turn() >= 1 && p.status() == TaskStatus.idle);
    assertThat(done.lastMessage()).isEqualTo("All made.");
    assertThat(done.budget()).isEqualTo(new Budget(null, 10_000L, null));
  }

  @Test
  void aCostBudget_stopsTheTurnOnceReached() {
    activities.policy(CONFINED, ApprovalPolicy.ON_REQUEST).script(
        costing(700_000, command("make a", false, null)), costing(700_000, command("make b", false, null)),
        answer("never reached"));
    start("Make", new TaskPolicy(null, null, new Budget(1.0, null, null), false));

    Progress stopped = awaitStatus(p -> p.status() == TaskStatus.needs_attention);
    assertThat(stopped.error()).startsWith("budget reached: the task has cost about $1.40 of its $1.00 limit");
    assertThat(activities.calls(ToolRequest.class)).hasSize(2);
  }

  @Test
  void aDurationBudget_stopsAFollowUpBeforeItsFirstModelCall() {
    activities.policy(CONFINED, ApprovalPolicy.ON_REQUEST).script(answer("First."), answer("Second."));
    start("First", new TaskPolicy(null, null, new Budget(null, null, Duration.ofHours(1)), false));
    awaitStatus(p -> p.turn() >= 1 && p.status() == TaskStatus.idle);

    server.env().sleep(Duration.ofHours(2));
    task().submitTurn(new TurnRequest("Second"));
    Progress stopped = awaitStatus(p -> p.status() == TaskStatus.needs_attention);

    assertThat(stopped.error()).startsWith("budget reached: the task has run for 120 minutes of its 60");
    assertThat(activities.calls(SampleRequest.class)).hasSize(1);
  }

  private void start(String prompt, TaskPolicy policy) {
    start(prompt, policy, null);
  }

  private void start(String prompt, TaskPolicy policy, Integer historyEventLimit) {
    AgentWorkflow workflow = server.env().getWorkflowClient().newWorkflowStub(AgentWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(TASK).setTaskQueue(AgentWorkflow.TASK_QUEUE).build());
    WorkflowClient.start(workflow::run,
        TaskInput.of(WORKSPACE, prompt).withPolicy(policy).withHistoryEventLimit(historyEventLimit));
  }

  private AgentWorkflow task() {
    return server.env().getWorkflowClient().newWorkflowStub(AgentWorkflow.class, TASK);
  }

  /** Polls the task's progress, skipping a little time between looks, until {@code done}. */
  private Progress awaitStatus(Predicate<Progress> done) {
    for (int i = 0; i < 200; i++) {
      Progress progress = task().progress();
      if (done.test(progress)) return progress;
      server.env().sleep(Duration.ofSeconds(1));
    }
    throw new AssertionError("the task never got there; last progress: " + task().progress());
  }

  private String refusal(ApprovalAnswer answer) {
    try {
      task().answerApproval(answer);
    } catch (WorkflowUpdateException e) {
      return rootMessage(e);
    }
    throw new AssertionError("the answer was accepted: " + answer);
  }

  /** 1 for the first run; 2 or more once the latest run continued an earlier one. */
  private int runs() {
    var started = server.env().getWorkflowClient().fetchHistory(TASK).getEvents().get(0);
    return started.getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId().isEmpty() ? 1 : 2;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) root = root.getCause();
    String message = root instanceof io.temporal.failure.ApplicationFailure a ? a.getOriginalMessage() : root.getMessage();
    return message;
  }
}
