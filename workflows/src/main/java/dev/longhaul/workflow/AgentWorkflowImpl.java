package dev.longhaul.workflow;

import dev.longhaul.contract.AppendMessage;
import dev.longhaul.contract.CompactRequest;
import dev.longhaul.contract.CompactResult;
import dev.longhaul.contract.ContextRef;
import dev.longhaul.contract.ModelActivities;
import dev.longhaul.contract.OpenTask;
import dev.longhaul.contract.PlanStep;
import dev.longhaul.contract.PromptShape;
import dev.longhaul.contract.RestoreRequest;
import dev.longhaul.contract.Restored;
import dev.longhaul.contract.SampleRequest;
import dev.longhaul.contract.SampleResult;
import dev.longhaul.contract.StatusUpdate;
import dev.longhaul.contract.ToolResult;
import dev.longhaul.contract.Usage;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

public class AgentWorkflowImpl implements AgentWorkflow {
  /** Failure type of a task that stopped because its model calls failed for good. */
  public static final String TASK_FAILED = "TaskFailed";

  private static final Logger log = Workflow.getLogger(AgentWorkflowImpl.class);
  private static final int PREVIEW_CHARS = 200;

  private final String taskId = Workflow.getInfo().getWorkflowId();
  private final Deque<TurnRequest> queuedTurns = new ArrayDeque<>();
  private String workspace;
  private String model;
  private boolean searchAttributes;
  private long contextWindow;
  private long compactLimit;
  private int turn;
  private int step;
  private ContextRef context = ContextRef.fromStart(0);
  private Usage usage = Usage.none();
  private long contextTokens;
  private Compactor compactor;
  private PromptShape shape;
  private int cacheBreaks;
  private long costMicros;
  private boolean costKnown = true;
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
    boolean midTurn = input.carried() != null ? restore(input.carried()) : open(input);
    Duration idleTimeout =
        input.idleTimeout() == null ? TaskInput.DEFAULT_IDLE_TIMEOUT : input.idleTimeout();
    if (midTurn && !continueTurn()) continueAsNew(input, true);
    while (true) {
      Workflow.await(idleTimeout, () -> !queuedTurns.isEmpty() || endRequested);
      if (queuedTurns.isEmpty()) break; // ended, or idle too long
      beginTurn(queuedTurns.poll());
      boolean turnOver = continueTurn();
      if (!turnOver || Workflow.getInfo().isContinueAsNewSuggested()) continueAsNew(input, !turnOver);
    }
    status = TaskStatus.ended;
    recordStatus();
    return new TaskResult(status, turn, step, lastMessage);
  }

  /**
   * Runs the current turn until it is over, or until it must go on in a fresh run (after a
   * compaction). An interrupt cancels the turn's scope and the turn ends with the reason recorded.
   *
   * @return false when the turn goes on in the next run
   */
  private boolean continueTurn() {
    boolean[] turnOver = {true};
    CancellationScope scope = Workflow.newCancellationScope(() -> turnOver[0] = sampleUntilAnswered());
    runningTurn = scope;
    // An interrupt that arrived while the turn was starting, or between runs, stops it now.
    if (interruptReason != null) scope.cancel(interruptReason);
    try {
      scope.run();
      if (!turnOver[0]) return false;
      status = TaskStatus.idle;
    } catch (NeedsAttention stop) {
      status = TaskStatus.needs_attention;
      error = stop.getMessage();
      log.warn("turn {} needs attention: {}", turn, stop.getMessage());
    } catch (RuntimeException e) {
      if (!scope.isCancelRequested()) throw failTask(e);
      Workflow.newDetachedCancellationScope(this::recordInterrupt).run();
      status = TaskStatus.idle;
    } finally {
      runningTurn = null;
      runningBatch = null;
    }
    interruptReason = null;
    recordStatus();
    return true;
  }

  /** The agent loop: compact if needed, sample, run the tools asked for; until a plain answer. */
  private boolean sampleUntilAnswered() {
    while (true) {
      if (compactIfNeeded() || Workflow.getInfo().isContinueAsNewSuggested()) return false;
      Optional<SampleResult> sample = sample();
      if (sample.isEmpty()) return false; // the context overflowed and was compacted
      if (sample.get().toolCalls().isEmpty()) return true;
      runTools(sample.get());
    }
  }

  private void beginTurn(TurnRequest request) {
    turn++;
    status = TaskStatus.running;
    error = null;
    // A new model shows as a changed prompt shape at the next call, which notes it and counts
    // the cache break; the prefix itself is never rewritten.
    if (request.model() != null && !request.model().isBlank()) model = request.model();
    compactor.newTurn();
    recordStatus();
    append(AppendMessage.Role.user, request.message());
  }

  /** One model call; empty when the provider found the context too long and it was compacted. */
  private Optional<SampleResult> sample() {
    step++;
    String summary = "model " + model + " · turn " + turn + " step " + step;
    ModelActivities modelActivities = Steps.model(summary);
    SampleResult result;
    try {
      result =
          modelActivities.sample(
              new SampleRequest(taskId, turn, step, context, context.toSeq(), model, shape));
    } catch (ActivityFailure e) {
      if (!Steps.failedWith(e, ModelActivities.CONTEXT_WINDOW_EXCEEDED)) throw e;
      compact("the model found the context too long: " + Steps.rootMessage(e));
      return Optional.empty();
    }
    context = new ContextRef(context.checkpoint(), context.fromSeq(), context.toSeq() + result.itemCount());
    usage = usage.plus(result.usage());
    contextTokens = result.contextTokens();
    shape = result.shape();
    if (result.cacheBreak() != null) cacheBreaks++;
    if (result.costMicros() < 0) costKnown = false;
    else costMicros += result.costMicros();
    compactor.called(contextTokens);
    if (result.preview() != null) lastMessage = Steps.clip(result.preview(), PREVIEW_CHARS);
    UiStatus.publish(progress(), searchAttributes);
    return Optional.of(result);
  }

  private void runTools(SampleResult sample) {
    ToolBatch batch = new ToolBatch(taskId, turn, workspace, sample.toolCalls(), context.toSeq());
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

  /**
   * Compacts when the context estimate (the last call's input and output plus what was added
   * since) has reached the limit.
   *
   * @return whether it compacted: a compaction is a continue-as-new boundary
   */
  private boolean compactIfNeeded() {
    if (!compactor.due(contextTokens)) return false;
    compact("the context reached " + contextTokens + " of " + compactLimit + " tokens");
    return true;
  }

  /** Replaces the context with a compacted checkpoint. */
  private void compact(String why) {
    CompactResult result = compactor.compact(
        new CompactRequest(taskId, turn, context, context.checkpoint() + 1, model, workspace), why);
    context = result.context();
    contextTokens = result.tokens();
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

  /** A new task, or one resumed or forked from a stored context. Never starts mid-turn. */
  private boolean open(TaskInput input) {
    workspace = input.workspace();
    var opened =
        Steps.task().openTask(new OpenTask(taskId, workspace, Steps.clip(title(input), 200), input.model()));
    model = opened.model();
    searchAttributes = opened.searchAttributes();
    contextWindow = opened.contextWindow();
    compactLimit = opened.compactLimit();
    compactor = new Compactor(compactLimit, 0);
    if (input.restore() != null) {
      RestoreFrom from = input.restore();
      Restored restored =
          Steps.task().restore(new RestoreRequest(taskId, from.sourceTaskId(), from.checkpoint()));
      context = restored.context();
      turn = restored.turn();
      step = restored.step();
      contextTokens = restored.tokens();
    }
    if (input.prompt() != null) queuedTurns.add(new TurnRequest(input.prompt(), null));
    return false;
  }

  private static String title(TaskInput input) {
    if (input.prompt() != null) return input.prompt();
    return input.restore() == null ? "(no prompt)" : "restored from " + input.restore().sourceTaskId();
  }

  private void continueAsNew(TaskInput input, boolean midTurn) {
    // Signal handlers must finish first, or a follow-up received in this run would be lost.
    Workflow.await(() -> Workflow.isEveryHandlerFinished());
    Workflow.continueAsNew(input.continuedWith(snapshot(midTurn)));
  }

  private TaskState snapshot(boolean midTurn) {
    return new TaskState(
        workspace, model, searchAttributes, contextWindow, compactLimit, turn, step, midTurn,
        context, usage, contextTokens, compactor.withoutRoom(), shape, cacheBreaks, costMicros, !costKnown,
        lastMessage, lastTool, plan, new ArrayList<>(queuedTurns), endRequested, interruptReason);
  }

  /** @return whether the previous run stopped inside a turn */
  private boolean restore(TaskState state) {
    workspace = state.workspace();
    model = state.model();
    searchAttributes = state.searchAttributes();
    contextWindow = state.contextWindow();
    compactLimit = state.compactLimit();
    turn = state.turn();
    step = state.step();
    context = state.context();
    usage = state.usage();
    contextTokens = state.contextTokens();
    compactor = new Compactor(compactLimit, state.compactions());
    shape = state.shape();
    cacheBreaks = state.cacheBreaks();
    costMicros = state.costMicros();
    costKnown = !state.costUnknown();
    lastMessage = state.lastMessage();
    lastTool = state.lastTool();
    plan = state.plan() == null ? List.of() : state.plan();
    if (state.queuedTurns() != null) queuedTurns.addAll(state.queuedTurns());
    endRequested = state.endRequested();
    interruptReason = state.interruptReason();
    status = state.midTurn() ? TaskStatus.running : TaskStatus.idle;
    return state.midTurn();
  }

  private void recordStatus() {
    UiStatus.publish(progress(), searchAttributes);
    Steps.task()
        .recordStatus(new StatusUpdate(taskId, status.label(), turn, step, lastMessage, error));
  }

  /** Ignores a signal without a message (sent by hand from the UI, say): it would fail the turn. */
  @Override
  public void submitTurn(TurnRequest request) {
    if (request == null || request.message() == null || request.message().isBlank()) {
      log.warn("ignored a follow-up without a message");
      return;
    }
    queuedTurns.add(request);
  }

  /**
   * Stops the running turn. One that is starting (its first activities) or between runs is
   * stopped as soon as it can be; an idle task ignores it.
   */
  @Override
  public void interrupt(InterruptRequest request) {
    if (status != TaskStatus.running) return; // idle: nothing to stop
    interruptReason =
        request == null || request.reason() == null || request.reason().isBlank()
            ? "no reason given"
            : request.reason();
    if (runningTurn != null) runningTurn.cancel(interruptReason);
  }

  @Override
  public void end(EndRequest request) {
    endRequested = true;
  }

  @Override
  public Progress progress() {
    return new Progress(
        status, model, turn, step, lastTool, Tokens.of(usage, contextTokens), lastMessage, plan,
        queuedTurns.size(), cacheBreaks, costKnown ? costMicros / 1e6 : null, error);
  }
}
