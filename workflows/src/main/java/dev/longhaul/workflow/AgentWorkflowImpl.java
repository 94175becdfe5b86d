package dev.longhaul.workflow;

import dev.longhaul.activity.AppendMessage;
import dev.longhaul.activity.ContextRef;
import dev.longhaul.activity.ModelActivities;
import dev.longhaul.activity.OpenTask;
import dev.longhaul.activity.PlanStep;
import dev.longhaul.activity.SampleRequest;
import dev.longhaul.activity.SampleResult;
import dev.longhaul.activity.StatusUpdate;
import dev.longhaul.activity.ToolResult;
import dev.longhaul.activity.Usage;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;

public class AgentWorkflowImpl implements AgentWorkflow {
  /** Failure type of a task that stopped because its model calls failed for good. */
  public static final String TASK_FAILED = "TaskFailed";

  private static final Logger log = Workflow.getLogger(AgentWorkflowImpl.class);
  private static final int PREVIEW_CHARS = 200;

  private final String taskId = Workflow.getInfo().getWorkflowId();
  private final Deque<String> queuedTurns = new ArrayDeque<>();
  private String workspace;
  private String model;
  private boolean searchAttributes;
  private int turn;
  private int step;
  private ContextRef context = ContextRef.fromStart(0);
  private Usage usage = Usage.none();
  private long contextTokens;
  private String lastMessage;
  private String lastTool;
  private List<PlanStep> plan = List.of();
  private TaskStatus status = TaskStatus.idle;
  private String error;
  private boolean endRequested;
  private CancellationScope runningTurn;
  private ToolBatch runningBatch;
  private String interruptReason;

  @Override
  public TaskResult run(TaskInput input) {
    if (input.carried() == null) {
      open(input);
    } else {
      restore(input.carried());
    }
    Duration idleTimeout =
        input.idleTimeout() == null ? TaskInput.DEFAULT_IDLE_TIMEOUT : input.idleTimeout();
    while (true) {
      Workflow.await(idleTimeout, () -> !queuedTurns.isEmpty() || endRequested);
      if (queuedTurns.isEmpty()) break; // ended, or idle too long
      runTurn(queuedTurns.poll());
      if (Workflow.getInfo().isContinueAsNewSuggested()) continueAsNew(input);
    }
    status = TaskStatus.ended;
    recordStatus();
    return new TaskResult(status, turn, step, lastMessage);
  }

  /**
   * One turn: the user's message, then sample and run tools until the model answers without
   * tool calls. An interrupt cancels the turn's scope; the turn then ends with the reason recorded.
   */
  private void runTurn(String message) {
    beginTurn(message);
    CancellationScope scope = Workflow.newCancellationScope(this::sampleUntilAnswered);
    runningTurn = scope;
    try {
      scope.run();
      status = TaskStatus.idle;
    } catch (RuntimeException e) {
      if (!scope.isCancelRequested()) throw failTask(e);
      Workflow.newDetachedCancellationScope(this::recordInterrupt).run();
      status = TaskStatus.idle;
    } finally {
      runningTurn = null;
      runningBatch = null;
    }
    recordStatus();
  }

  private void sampleUntilAnswered() {
    while (true) {
      SampleResult sample = sample();
      if (sample.toolCalls().isEmpty()) return;
      runTools(sample);
    }
  }

  private void beginTurn(String message) {
    turn++;
    status = TaskStatus.running;
    error = null;
    interruptReason = null;
    recordStatus();
    append(AppendMessage.Role.user, message);
  }

  private SampleResult sample() {
    step++;
    String summary = "model " + model + " · turn " + turn + " step " + step;
    ModelActivities modelActivities = Steps.model(summary);
    SampleResult result =
        modelActivities.sample(
            new SampleRequest(taskId, turn, step, context, context.toSeq(), model));
    context = new ContextRef(context.checkpoint(), context.fromSeq(), context.toSeq() + result.itemCount());
    usage = usage.plus(result.usage());
    contextTokens = result.contextTokens();
    if (result.preview() != null) lastMessage = Steps.clip(result.preview(), PREVIEW_CHARS);
    UiStatus.publish(progress(), searchAttributes);
    return result;
  }

  private void runTools(SampleResult sample) {
    ToolBatch batch =
        new ToolBatch(taskId, turn, workspace, sample.toolCalls(), context.toSeq());
    // Sequence numbers are assigned before the tools run: the workflow is the single writer of
    // the transcript order, and a retried tool rewrites its own seq.
    context = new ContextRef(context.checkpoint(), context.fromSeq(), context.toSeq() + batch.size());
    runningBatch = batch;
    lastTool = sample.toolCalls().get(sample.toolCalls().size() - 1).summary();
    batch.run(this::recordToolResult);
    runningBatch = null;
  }

  private void recordToolResult(ToolResult result) {
    contextTokens += result.tokens();
    if (result.plan() != null) plan = List.copyOf(result.plan());
    UiStatus.publish(progress(), searchAttributes);
  }

  private void recordInterrupt() {
    if (runningBatch != null) {
      runningBatch.abortUnanswered("Interrupted by the user: " + interruptReason);
    }
    append(AppendMessage.Role.user, "<turn_aborted>The user interrupted this turn: " + interruptReason + "</turn_aborted>");
    error = "interrupted: " + interruptReason;
    log.info("turn {} interrupted: {}", turn, interruptReason);
  }

  private void append(AppendMessage.Role role, String text) {
    long seq = context.toSeq();
    var appended = Steps.task().appendMessage(new AppendMessage(taskId, turn, seq, role, text));
    context = new ContextRef(context.checkpoint(), context.fromSeq(), seq + 1);
    contextTokens += appended.tokens();
  }

  private ApplicationFailure failTask(RuntimeException e) {
    status = TaskStatus.failed;
    error = e instanceof ActivityFailure ? Steps.rootMessage(e) : String.valueOf(e.getMessage());
    Workflow.newDetachedCancellationScope(this::recordStatus).run();
    return ApplicationFailure.newNonRetryableFailure(error, TASK_FAILED);
  }

  private void open(TaskInput input) {
    workspace = input.workspace();
    var opened =
        Steps.task()
            .openTask(new OpenTask(taskId, workspace, Steps.clip(input.prompt(), 200), input.model()));
    model = opened.model();
    searchAttributes = opened.searchAttributes();
    queuedTurns.add(input.prompt());
  }

  private void continueAsNew(TaskInput input) {
    // Signal handlers must finish first, or a follow-up received in this run would be lost.
    Workflow.await(() -> Workflow.isEveryHandlerFinished());
    Workflow.continueAsNew(
        new TaskInput(workspace, input.prompt(), model, input.idleTimeout(), snapshot()));
  }

  private TaskState snapshot() {
    return new TaskState(
        workspace, model, searchAttributes, turn, step, context, usage, contextTokens,
        lastMessage, lastTool, plan, new ArrayList<>(queuedTurns));
  }

  private void restore(TaskState state) {
    workspace = state.workspace();
    model = state.model();
    searchAttributes = state.searchAttributes();
    turn = state.turn();
    step = state.step();
    context = state.context();
    usage = state.usage();
    contextTokens = state.contextTokens();
    lastMessage = state.lastMessage();
    lastTool = state.lastTool();
    plan = state.plan() == null ? List.of() : state.plan();
    if (state.queuedTurns() != null) queuedTurns.addAll(state.queuedTurns());
  }

  private void recordStatus() {
    UiStatus.publish(progress(), searchAttributes);
    Steps.task()
        .recordStatus(new StatusUpdate(taskId, status.name(), turn, step, lastMessage, error));
  }

  @Override
  public void submitTurn(TurnRequest request) {
    queuedTurns.add(request.message());
  }

  @Override
  public void interrupt(InterruptRequest request) {
    if (runningTurn == null) return; // idle: nothing to stop
    interruptReason =
        request.reason() == null || request.reason().isBlank() ? "no reason given" : request.reason();
    runningTurn.cancel(interruptReason);
  }

  @Override
  public void end(EndRequest request) {
    endRequested = true;
  }

  @Override
  public Progress progress() {
    return new Progress(
        status, model, turn, step, lastTool, Tokens.of(usage, contextTokens), lastMessage, plan,
        queuedTurns.size(), error);
  }
}
