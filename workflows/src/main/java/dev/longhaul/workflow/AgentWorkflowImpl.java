package dev.longhaul.workflow;

import dev.longhaul.contract.AppendMessage;
import dev.longhaul.contract.FailureType;
import dev.longhaul.contract.OpenTask;
import dev.longhaul.contract.RestoreRequest;
import dev.longhaul.contract.SampleResult;
import dev.longhaul.contract.ToolResult;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The turn loop and the Temporal calls. What the task's state is, and how each step changes it,
 * is {@link TaskRun}'s business; this class decides what runs next.
 */
public class AgentWorkflowImpl implements AgentWorkflow {
  private static final Logger log = Workflow.getLogger(AgentWorkflowImpl.class);

  /**
   * Created before anything else runs, so a signal that arrives ahead of the workflow method
   * finds somewhere to queue.
   */
  private final TaskRun state = new TaskRun(Workflow.getInfo().getWorkflowId());
  private InterruptibleTurn runningTurn;
  private ToolBatch runningBatch;
  private final HostMoves hosts = new HostMoves(state, this::append);
  /** A run's own bound on its history, besides Temporal's suggestion; null for none. */
  private Integer historyEventLimit;
  /** A best-of-N task's attempts and review; null for an ordinary task. */
  private BestOfRun bestOf;

  @Override
  public TaskResult run(TaskInput input) {
    historyEventLimit = input.historyEventLimit();
    if (input.bestOf() != null) {
      Optional<String> refusal = input.bestOf().refusal();
      if (refusal.isPresent()) throw FailureType.TASK_FAILED.failure(refusal.get());
      bestOf = new BestOfRun(state, input.bestOf(), this::append, this::recordStatus);
    }
    boolean midTurn;
    try {
      midTurn = input.carried() != null ? state.resume(input.carried()) : open(input);
    } catch (ActivityFailure e) {
      throw failTask(e); // a worker that cannot confine the task refuses it, in one line
    }
    Duration idleTimeout =
        input.idleTimeout() == null ? TaskInput.DEFAULT_IDLE_TIMEOUT : input.idleTimeout();
    if (midTurn && playTurn(this::runTurn).continuesInNextRun()) continueAsNew(input, true);
    while (!attemptDone(input) && awaitNextTurn(idleTimeout)) {
      TurnRequest request = beginTurn();
      TurnOutcome outcome = bestOf != null && bestOf.pending()
          ? playTurn(() -> bestOf.play(request)) : playTurn(this::runTurn);
      if (outcome.continuesInNextRun()) continueAsNew(input, true);
      if (continueAsNewDue()) continueAsNew(input, false);
    }
    TaskResult turnResult = state.attemptResult();
    hosts.snapshot("end", false);
    state.end();
    recordStatus();
    // An attempt tells its parent how its turn ended, not that it has ended.
    return input.attemptOf() != null ? turnResult : state.result();
  }

  /** An attempt of a best-of-N task ends once its one turn has. */
  private boolean attemptDone(TaskInput input) {
    return input.attemptOf() != null && state.turn() >= 1;
  }

  /** @return false when the task ends: it was asked to, or it waited its idle timeout in vain */
  private boolean awaitNextTurn(Duration idleTimeout) {
    // A move asked for while idle is made at once; the wait then goes on.
    while (Workflow.await(idleTimeout, () -> state.hasWork() || state.movePending()) && !state.hasWork()) {
      moveIfRequested();
    }
    return state.hasQueuedTurn();
  }

  private TurnRequest beginTurn() {
    // Only a turn that asks for another provider adds the marker; older histories have none.
    boolean switchProvider = state.nextTurnSwitchesProvider()
        && Workflow.getVersion("provider-switch", Workflow.DEFAULT_VERSION, 1) == 1;
    TurnRequest request = state.beginTurn(switchProvider);
    recordStatus();
    append(AppendMessage.Role.user, request.message());
    return request;
  }

  /**
   * Plays the current turn until it is over, or until it must go on in a fresh run. An interrupt
   * cancels the turn's scope; the turn then ends with every call answered and the reason noted.
   */
  private TurnOutcome playTurn(java.util.function.Supplier<TurnOutcome> loop) {
    InterruptibleTurn turn = new InterruptibleTurn(loop);
    runningTurn = turn;
    // An interrupt that arrived while the turn was starting, or between runs, stops it now.
    if (state.interruptReason() != null) turn.interrupt(state.interruptReason());
    TurnOutcome outcome;
    try {
      outcome = turn.run();
    } catch (RuntimeException e) {
      if (!turn.interrupted()) throw failTask(e);
      Workflow.newDetachedCancellationScope(this::recordInterrupt).run();
      outcome = TurnOutcome.interrupted(state.interruptReason());
    } finally {
      runningTurn = null;
      runningBatch = null;
    }
    if (outcome.continuesInNextRun()) return outcome;
    if (outcome.kind() == TurnOutcome.Kind.NEEDS_ATTENTION) {
      log.warn("turn {} needs attention: {}", state.turn(), outcome.reason());
    }
    state.endTurn(outcome);
    recordStatus();
    return outcome;
  }

  /**
   * The agent loop: run the tools asked for, stop at a budget, compact if needed, sample; until a
   * plain answer. A run that resumes mid-turn may start with a batch of tools still to run.
   */
  private TurnOutcome runTurn() {
    while (true) {
      moveIfRequested();
      if (state.batch() != null && !runTools()) return TurnOutcome.continued();
      Optional<String> overBudget = state.budgetReached(Workflow.currentTimeMillis());
      if (overBudget.isPresent()) return TurnOutcome.needsAttention(overBudget.get());
      if (state.providerSwitchDue()) return compact(state.providerSwitchReason());
      if (state.compactionDue()) return compact(state.compactionReason());
      if (continueAsNewDue()) return TurnOutcome.continued();
      SampleResult sample;
      try {
        sample = sample();
      } catch (ActivityFailure e) {
        if (!FailureType.CONTEXT_WINDOW_EXCEEDED.isCauseOf(e)) throw e;
        return compact("the model found the context too long: " + Failures.rootMessage(e));
      }
      if (sample.toolCalls().isEmpty()) return TurnOutcome.answered();
      state.assignToolOutputs(sample.toolCalls());
    }
  }

  /** Temporal suggests a fresh run, or this run's history reached the task's own bound. */
  private boolean continueAsNewDue() {
    if (Workflow.getInfo().isContinueAsNewSuggested()) return true;
    return historyEventLimit != null && Workflow.getInfo().getHistoryLength() >= historyEventLimit;
  }

  private SampleResult sample() {
    var request = state.beginStep();
    SampleResult result = ActivityStubs.model(state.stepSummary()).sample(request);
    state.recordSample(result);
    publishProgress();
    return result;
  }

  /** @return false when the run must continue as new while a call waits for a person */
  private boolean runTools() {
    runningBatch = new ToolBatch(state, this::awaitApproval, hosts::hostLost);
    boolean done = runningBatch.run(this::recordToolResult);
    runningBatch = null;
    if (done) state.endBatch();
    return done;
  }

  /**
   * Waits for a person's answer: workflow state and a condition, no activity, so the wait costs
   * nothing however long it lasts and survives any worker. A run whose history has grown while
   * waiting (signals, answers to other calls) continues as new and waits on there.
   */
  private Optional<ApprovalAnswer> awaitApproval(PendingApproval request, String forTaskKey) {
    state.awaitApproval(request);
    recordStatus();
    Workflow.await(() -> state.hasAnswer(request.callId()) || continueAsNewDue());
    Optional<ApprovalAnswer> answer = state.takeAnswer(request.callId(), forTaskKey);
    if (answer.isPresent()) recordStatus();
    return answer;
  }

  private void recordToolResult(ToolResult result) {
    state.recordToolResult(result);
    publishProgress();
  }

  /**
   * Replaces the context with a compacted checkpoint, up to {@link CompactionPolicy#BREAKER}
   * attempts; a compaction is a continue-as-new boundary.
   */
  private TurnOutcome compact(String why) {
    Optional<String> refusal = state.compaction().refusal(why);
    if (refusal.isPresent()) return TurnOutcome.needsAttention(refusal.get());
    log.info("compacting: {}", why);
    var request = state.compactRequest();
    String summary = "compaction · checkpoint " + request.checkpoint() + " · turn " + request.turn();
    for (int failures = 1; ; failures++) {
      try {
        state.recordCompaction(ActivityStubs.compaction(summary).compact(request));
        hosts.snapshot("checkpoint " + request.checkpoint(), true);
        return TurnOutcome.compacted();
      } catch (ActivityFailure e) {
        if (Failures.isCancellation(e)) throw e;
        if (FailureType.PROVIDER_UNAVAILABLE.isCauseOf(e)) {
          state.dropProviderSwitch(); // the task stays with its provider; the next turn may ask again
          return TurnOutcome.needsAttention(Failures.rootMessage(e));
        }
        refusal = CompactionPolicy.refusalAfterFailures(failures, Failures.rootMessage(e));
        if (refusal.isPresent()) return TurnOutcome.needsAttention(refusal.get());
      }
    }
  }

  /** After an interrupt, in a detached scope: every call answered, and the model told. */
  private void recordInterrupt() {
    String reason = state.interruptReason();
    if (bestOf != null) bestOf.interrupt(reason);
    if (runningBatch != null) runningBatch.abortUnanswered("Interrupted by the user: " + reason);
    append(AppendMessage.Role.user,
        "<turn_aborted>The user interrupted this turn: " + reason + "</turn_aborted>");
    log.info("turn {} interrupted: {}", state.turn(), reason);
  }

  private void append(AppendMessage.Role role, String text) {
    state.recordAppend(ActivityStubs.task().appendMessage(state.appendRequest(role, text)));
  }

  private ApplicationFailure failTask(RuntimeException e) {
    String why = e instanceof ActivityFailure ? Failures.rootMessage(e) : String.valueOf(e.getMessage());
    state.fail(why);
    Workflow.newDetachedCancellationScope(this::recordStatus).run();
    return FailureType.TASK_FAILED.failure(why);
  }

  /** A new task, or one resumed or forked from a stored context. Never starts mid-turn. */
  private boolean open(TaskInput input) {
    TaskPolicy policy = input.policy() == null ? TaskPolicy.defaults() : input.policy();
    var opened = ActivityStubs.opening().openTask(new OpenTask(
        state.taskId(), input.workspace(), Text.clip(title(input), TaskRun.TITLE_CHARS), input.model(),
        policy.sandbox(), policy.approval(), input.repo(), input.ref(), input.provider()));
    // A clone's place is chosen by the worker that made it; older workers report none.
    String workspace = opened.workspace() != null ? opened.workspace() : input.workspace();
    state.open(workspace, opened, policy, Workflow.currentTimeMillis());
    if (input.restore() != null) {
      RestoreFrom from = input.restore();
      state.restored(ActivityStubs.task()
          .restore(new RestoreRequest(state.taskId(), from.sourceTaskId(), from.checkpoint())),
          input.model() != null);
    }
    // Runs recorded before hosts replay without binding, and run on the shared queue.
    if (Workflow.getVersion("host-affinity", Workflow.DEFAULT_VERSION, 1) == 1) {
      // An attempt's workspace was made on its parent's host.
      String maker = input.repo() != null ? opened.host() : input.attemptOf() != null ? input.attemptOf().host() : null;
      hosts.bind(maker);
    }
    // Runs recorded before the note existed must replay without its activity.
    if (Workflow.getVersion("environment-note", Workflow.DEFAULT_VERSION, 1) == 1) {
      state.environmentNote().ifPresent(note -> append(AppendMessage.Role.developer, note));
    }
    if (input.prompt() != null) state.queueTurn(new TurnRequest(input.prompt(), null));
    return false;
  }

  private static String title(TaskInput input) {
    if (input.prompt() != null) return input.prompt();
    return input.restore() == null ? "(no prompt)" : "restored from " + input.restore().sourceTaskId();
  }

  private void continueAsNew(TaskInput input, boolean midTurn) {
    // Signal handlers must finish first, or a follow-up received in this run would be lost.
    Workflow.await(() -> Workflow.isEveryHandlerFinished());
    TaskInput next = input.continuedWith(state.carried(midTurn));
    Workflow.continueAsNew(bestOf == null ? next : next.withBestOf(bestOf.carried()));
  }

  private void moveIfRequested() {
    if (!state.movePending()) return;
    hosts.moveIfRequested();
    recordStatus();
  }

  private void publishProgress() {
    Attempts attempts = bestOf == null ? null : bestOf.view();
    UiStatus.publish(state.progress(), state.workspace(), state.searchAttributes(),
        attempts == null ? "" : AttemptNotes.markdown(attempts));
  }

  private void recordStatus() {
    publishProgress();
    ActivityStubs.task().recordStatus(state.statusUpdate());
  }

  /** Ignores a signal without a message (sent by hand from the UI, say): it would fail the turn. */
  @Override
  public void submitTurn(TurnRequest request) {
    if (request == null || request.message() == null || request.message().isBlank()) {
      log.warn("ignored a follow-up without a message");
      return;
    }
    state.queueTurn(request);
  }

  /**
   * Stops the running turn. One that is starting (its first activities) or between runs is
   * stopped as soon as it can be; an idle task ignores it.
   */
  @Override
  public void interrupt(InterruptRequest request) {
    if (!state.interrupt(request == null ? null : request.reason())) return;
    if (runningTurn != null) runningTurn.interrupt(state.interruptReason());
  }

  @Override
  public void move(MoveRequest request) {
    if (request == null || request.host() == null || request.host().isBlank()) {
      log.warn("ignored a move without a host");
      return;
    }
    if (!state.requestMove(request.host())) log.warn("ignored a move of a task from before hosts");
  }

  @Override
  public void end(EndRequest request) {
    state.requestEnd();
  }

  @Override
  public ApprovalAnswered answerApproval(ApprovalAnswer answer) {
    return state.answerApproval(answer);
  }

  @Override
  public void validateApprovalAnswer(ApprovalAnswer answer) {
    Optional<String> refusal = state.approvalRefusal(answer);
    if (refusal.isPresent()) throw new IllegalArgumentException(refusal.get());
  }

  @Override
  public PickAnswered pick(PickRequest pick) {
    return bestOf.pick(pick);
  }

  @Override
  public void validatePick(PickRequest pick) {
    Optional<String> refusal = bestOf == null
        ? Optional.of("task " + state.taskId() + " has no attempts to pick from (it was not started with --attempts)")
        : bestOf.pickRefusal(pick);
    if (refusal.isPresent()) throw new IllegalArgumentException(refusal.get());
  }

  @Override
  public Attempts attempts() {
    return bestOf == null ? null : bestOf.view();
  }

  @Override
  public Progress progress() {
    return state.progress();
  }
}
