package dev.longhaul.worker;

import static dev.longhaul.worker.StubActivities.MODEL;
import static dev.longhaul.worker.StubActivities.SHAPE;
import static dev.longhaul.worker.StubActivities.answer;
import static dev.longhaul.worker.StubActivities.toolCall;
import static dev.longhaul.workflow.TaskInput.DEFAULT_IDLE_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.contract.AppendMessage;
import dev.longhaul.contract.BindHost;
import dev.longhaul.contract.AppendMessage.Role;
import dev.longhaul.contract.ContextRef;
import dev.longhaul.contract.OpenTask;
import dev.longhaul.contract.SampleRequest;
import dev.longhaul.contract.StatusUpdate;
import dev.longhaul.contract.ToolRequest;
import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.EndRequest;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskResult;
import dev.longhaul.workflow.TaskStatus;
import dev.longhaul.workflow.Tokens;
import dev.longhaul.workflow.TurnRequest;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real workflow on Temporal's time-skipping test server, with {@link StubActivities} in place
 * of the model, the tools and the store: its own logic (turns, signals, timers), each story in a
 * fraction of a second with days of waiting included. {@link AgentWorkflowTest} runs the same
 * workflow with everything real.
 */
class AgentWorkflowStubbedTest {
  private static final String TASK = "task-1";
  private static final String WORKSPACE = "/workspaces/project";

  @RegisterExtension final StubbedServer server = new StubbedServer();
  final StubActivities activities = server.activities;

  @Test
  void aTaskWithNoFollowUp_endsByItselfAfterSevenIdleDays() {
    activities.script(answer("Hi."));
    start("Hello");

    server.env().sleep(DEFAULT_IDLE_TIMEOUT.minusMinutes(1));
    assertThat(task().progress().status()).isEqualTo(TaskStatus.idle);
    TaskResult result = result();

    assertThat(result).isEqualTo(new TaskResult(TaskStatus.ended, 1, 1, "Hi."));
    assertThat(lifetime()).isBetween(DEFAULT_IDLE_TIMEOUT, DEFAULT_IDLE_TIMEOUT.plusMinutes(1));
    assertThat(activities.calls(StatusUpdate.class)).containsExactly(
        status("running", 1, 0, null),
        status("idle", 1, 1, "Hi."),
        status("ended", 1, 1, "Hi."));
  }

  @Test
  void aFollowUpOnDaySix_keepsTheTaskAlivePastDaySeven() {
    activities.script(answer("First."), answer("Second."));
    start("First");

    server.env().sleep(Duration.ofDays(6));
    task().submitTurn(new TurnRequest("Second"));
    server.env().sleep(Duration.ofDays(2));
    assertThat(task().progress().status()).isEqualTo(TaskStatus.idle); // day 8, still open
    TaskResult result = result();

    assertThat(result).isEqualTo(new TaskResult(TaskStatus.ended, 2, 2, "Second."));
    // Seven idle days counted from the follow-up's turn, not from the start.
    Duration endsAt = Duration.ofDays(6).plus(DEFAULT_IDLE_TIMEOUT);
    assertThat(lifetime()).isBetween(endsAt, endsAt.plusMinutes(1));
    assertThat(activities.calls(StatusUpdate.class)).containsExactly(
        status("running", 1, 0, null),
        status("idle", 1, 1, "First."),
        status("running", 2, 1, "First."),
        status("idle", 2, 2, "Second."),
        status("ended", 2, 2, "Second."));
  }

  @Test
  void aToolCallThenAnAnswer_runsTheToolAtTheSeqAfterItsCall_andLeavesTheTaskIdle() {
    activities.script(toolCall("shell", "shell: ls"), answer("Two files."));
    start("List the files");

    awaitNextSignal();

    assertThat(activities.calls()).containsExactly(
        new OpenTask(TASK, WORKSPACE, "List the files", null),
        new BindHost(TASK, WORKSPACE),
        status("running", 1, 0, null),
        new AppendMessage(TASK, 1, 0, Role.user, "List the files"),
        new SampleRequest(TASK, 1, 1, new ContextRef(0, 0, 1), 1, MODEL, null),
        new ToolRequest(TASK, 1, WORKSPACE, 1, 2),
        new SampleRequest(TASK, 1, 2, new ContextRef(0, 0, 3), 3, MODEL, SHAPE),
        status("idle", 1, 2, "Two files."));
    assertThat(task().progress()).isEqualTo(new Progress(
        TaskStatus.idle, MODEL, 1, 2, "shell: ls", new Tokens(200, 0, 20, 0, 110), "Two files.",
        List.of(), 0, 0, 0.0, null, List.of(), null, null, null, StubActivities.HOST,
        "last snapshot 0, 1 mutating tool calls since", null));
  }

  @Test
  void end_sentWhileIdle_finishesTheTaskAtOnce() {
    activities.script(answer("Done."));
    start("Quick");
    awaitNextSignal();

    task().end(new EndRequest("finished"));
    TaskResult result = result();

    assertThat(result).isEqualTo(new TaskResult(TaskStatus.ended, 1, 1, "Done."));
    assertThat(lifetime()).isLessThan(Duration.ofHours(1));
    assertThat(activities.calls(StatusUpdate.class)).last().isEqualTo(status("ended", 1, 1, "Done."));
  }

  @Test
  void end_sentJustAfterAFollowUp_finishesOnceTheFollowUpsTurnIsDone() {
    activities.script(answer("One."), answer("Two."));
    start("First");
    awaitNextSignal();

    task().submitTurn(new TurnRequest("Second"));
    task().end(new EndRequest("that is all"));
    TaskResult result = result();

    assertThat(result).isEqualTo(new TaskResult(TaskStatus.ended, 2, 2, "Two."));
    assertThat(activities.calls(AppendMessage.class)).containsExactly(
        new AppendMessage(TASK, 1, 0, Role.user, "First"),
        new AppendMessage(TASK, 2, 2, Role.user, "Second"));
  }

  private void start(String prompt) {
    AgentWorkflow workflow = server.env().getWorkflowClient().newWorkflowStub(AgentWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(TASK).setTaskQueue(AgentWorkflow.TASK_QUEUE).build());
    WorkflowClient.start(workflow::run, TaskInput.of(WORKSPACE, prompt));
  }

  /**
   * Lets the workflow run until it waits for a signal. The test server's clock stands still while
   * a step runs, so a minute passes only once the turn is over and the idle timer is all that is
   * left.
   */
  private void awaitNextSignal() {
    server.env().sleep(Duration.ofMinutes(1));
  }

  private AgentWorkflow task() {
    return server.env().getWorkflowClient().newWorkflowStub(AgentWorkflow.class, TASK);
  }

  /** Waits for the task to finish, skipping time as it goes. */
  private TaskResult result() {
    return WorkflowStub.fromTyped(task()).getResult(TaskResult.class);
  }

  /**
   * How long the task ran, by the test server's clock: from its first history event to its last.
   * Not the clock itself, which may skip far ahead while a result is awaited.
   */
  private Duration lifetime() {
    List<HistoryEvent> events = server.env().getWorkflowClient().fetchHistory(TASK).getEvents();
    return Duration.between(time(events.get(0)), time(events.get(events.size() - 1)));
  }

  private static Instant time(HistoryEvent event) {
    return Instant.ofEpochSecond(event.getEventTime().getSeconds(), event.getEventTime().getNanos());
  }

  private static StatusUpdate status(String status, int turn, int step, String lastMessage) {
    return new StatusUpdate(TASK, status, turn, step, lastMessage, null);
  }
}
