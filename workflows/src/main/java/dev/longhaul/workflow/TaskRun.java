package dev.longhaul.workflow;

import dev.longhaul.contract.AppendMessage;
import dev.longhaul.contract.ApprovalPolicy;
import dev.longhaul.contract.CompactRequest;
import dev.longhaul.contract.CompactResult;
import dev.longhaul.contract.ContextRef;
import dev.longhaul.contract.MessageAppended;
import dev.longhaul.contract.HostBinding;
import dev.longhaul.contract.PlanStep;
import dev.longhaul.contract.PromptShape;
import dev.longhaul.contract.Restored;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.contract.SampleRequest;
import dev.longhaul.contract.SampleResult;
import dev.longhaul.contract.SnapshotResult;
import dev.longhaul.contract.StatusUpdate;
import dev.longhaul.contract.TaskOpened;
import dev.longhaul.contract.ToolCallRef;
import dev.longhaul.contract.ToolRequest;
import dev.longhaul.contract.ToolResult;
import dev.longhaul.contract.Usage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A task's run state and its transitions: what happened to the task, with no Temporal and no I/O,
 * so the bookkeeping of a turn is unit-tested without a server. The workflow owns one, calls the
 * activities, and reports their results here. {@link #carried(boolean)} and {@link
 * #resume(TaskState)} are the one mapping to and from what continue-as-new carries.
 *
 * <p>Sequence numbers are assigned here, before the activity that fills them runs: the workflow is
 * the single writer of the transcript order, and a retried activity rewrites its own seq.
 */
final class TaskRun {
  static final int PREVIEW_CHARS = 200;
  static final int TITLE_CHARS = 200;
  /** The provider of tasks from before providers, which recorded none. */
  static final String LEGACY_PROVIDER = "openai-responses";

  private final String taskId;
  private final Deque<TurnRequest> queuedTurns = new ArrayDeque<>();
  private String workspace;
  private String model;
  private boolean searchAttributes;
  private CompactionPolicy compaction = new CompactionPolicy(Long.MAX_VALUE, 0);
  private int turn;
  private int step;
  private ContextRef context = ContextRef.fromStart(0);
  private Usage usage = Usage.none();
  private long contextTokens;
  private PromptShape shape;
  private int cacheBreaks;
  private long costMicros;
  private boolean costUnknown;
  private String lastMessage;
  private String lastTool;
  private List<PlanStep> plan = List.of();
  private boolean endRequested;
  private String interruptReason;
  private TaskStatus status = TaskStatus.idle;
  private String error;
  /** Null (no confinement recorded) only in runs carried from before sandboxing. */
  private SandboxPolicy sandbox;
  /** Null (never asks) only in runs carried from before approvals. */
  private ApprovalPolicy approval;
  private Budget budget = Budget.unlimited();
  private boolean rerunOnCrash;
  /** Workflow time the task started, for its duration budget; 0 when carried from before. */
  private long startedAtMillis;
  private final Approvals approvals = new Approvals();
  /** The tool calls of the last response while they run; null between them. */
  private BatchState batch;
  /** The task's host and snapshots; null for a task from before hosts (the shared queue). */
  private Placement placement;
  /** The task's provider, as the worker resolved it; null for OpenAI Responses (before providers). */
  private String provider;
  /** A provider to switch to at the next step, after a compaction; null for none. */
  private ProviderSwitch switchTo;

  TaskRun(String taskId) {
    this.taskId = taskId;
  }

  // ---- opening, resuming, carrying --------------------------------------------------------

  /**
   * A new task, with the settings the worker resolved for it and the policy its client asked
   * for (the worker fills in its defaults; a worker from before sandboxing fills in none).
   */
  void open(String workspace, TaskOpened opened, TaskPolicy policy, long nowMillis) {
    this.workspace = workspace;
    this.model = opened.model();
    this.provider = opened.provider();
    this.searchAttributes = opened.searchAttributes();
    this.compaction = new CompactionPolicy(opened.compactLimit(), 0);
    this.sandbox = opened.sandbox() != null ? opened.sandbox() : policy.sandbox();
    this.approval = opened.approval() != null ? opened.approval() : policy.approval();
    this.budget = policy.budget() == null ? Budget.unlimited() : policy.budget();
    this.rerunOnCrash = policy.rerunOnCrash();
    this.startedAtMillis = nowMillis;
  }

  /** What the model is told of its sandbox and approvals; empty when the worker resolved neither. */
  Optional<String> environmentNote() {
    if (sandbox == null || approval == null) return Optional.empty();
    return Optional.of(EnvironmentNote.of(sandbox, approval));
  }

  /**
   * A task resumed or forked from a stored context continues its counters, and the provider whose
   * items the context holds: another could not read them. A model resolved for another provider
   * gives way to that provider's default, unless the task named it.
   */
  void restored(Restored restored, boolean modelNamed) {
    context = restored.context();
    turn = restored.turn();
    step = restored.step();
    contextTokens = restored.tokens();
    String from = restored.provider();
    if (from != null && !from.equals(provider == null ? LEGACY_PROVIDER : provider)) {
      provider = from;
      if (!modelNamed) model = restored.model();
    }
  }

  /**
   * This run continues the one that carried {@code state}. Turns carried are older than any
   * queued in this run before it resumed, so they go first.
   *
   * @return whether the previous run stopped inside a turn, which this run finishes first
   */
  boolean resume(TaskState state) {
    workspace = state.workspace();
    model = state.model();
    searchAttributes = state.searchAttributes();
    compaction = new CompactionPolicy(state.compactLimit(), state.compactionsWithoutRoom());
    turn = state.turn();
    step = state.step();
    context = state.context();
    usage = state.usage() == null ? Usage.none() : state.usage();
    contextTokens = state.contextTokens();
    shape = state.shape();
    cacheBreaks = state.cacheBreaks();
    costMicros = state.costMicros();
    costUnknown = state.costUnknown();
    lastMessage = state.lastMessage();
    lastTool = state.lastTool();
    plan = state.plan() == null ? List.of() : List.copyOf(state.plan());
    List<TurnRequest> newer = new ArrayList<>(queuedTurns);
    queuedTurns.clear();
    if (state.queuedTurns() != null) queuedTurns.addAll(state.queuedTurns());
    queuedTurns.addAll(newer);
    endRequested = endRequested || state.endRequested();
    if (interruptReason == null) interruptReason = state.interruptReason();
    status = state.midTurn() ? TaskStatus.running : state.status() == null ? TaskStatus.idle : state.status();
    error = state.error();
    sandbox = state.sandbox();
    approval = state.approval();
    budget = state.budget() == null ? Budget.unlimited() : state.budget();
    rerunOnCrash = state.rerunOnCrash();
    startedAtMillis = state.startedAtMillis();
    approvals.resume(state.approvals());
    batch = state.batch();
    placement = state.placement();
    provider = state.provider();
    switchTo = state.switchTo();
    if (state.midTurn() && !approvals.pending().isEmpty()) status = TaskStatus.awaiting_approval;
    return state.midTurn();
  }

  /** Everything the next run needs, and nothing of the transcript itself. */
  TaskState carried(boolean midTurn) {
    return new TaskState(
        workspace, model, searchAttributes, compaction.limit(), turn, step, midTurn, context, usage,
        contextTokens, compaction.withoutRoom(), shape, cacheBreaks, costMicros, costUnknown,
        lastMessage, lastTool, plan, new ArrayList<>(queuedTurns), endRequested, interruptReason,
        midTurn ? null : status, error, sandbox, approval, budget, rerunOnCrash, startedAtMillis,
        approvals.carried(), batch, placement, provider, switchTo);
  }

  // ---- the host -------------------------------------------------------------------------

  void bound(HostBinding binding) {
    placement = Placement.bound(binding);
    workspace = binding.workspace();
  }

  /** On a new host: the workspace's path there is where tools run from now on. */
  void relocated(HostBinding binding) {
    placement = placement.relocated(binding);
    workspace = binding.workspace();
  }

  void snapshotted(SnapshotResult result) {
    placement = placement.snapshotted(result);
  }

  /** A mutating call starts on the host: its effects are lost if the host is, until a snapshot. */
  void toolStarted(ToolCallRef call) {
    if (placement != null && !call.readOnly()) placement = placement.toolStarted("call " + call.seq() + ": " + call.summary());
  }

  /** @return false when the task has no host to move (it started before hosts) */
  boolean requestMove(String host) {
    if (placement == null) return false;
    placement = placement.moveRequested(host);
    return true;
  }

  void moveFailed(String why) {
    placement = placement.moveFailed(why);
  }

  boolean movePending() {
    return placement != null && placement.moveTo() != null;
  }

  /** Null for a task from before hosts. */
  Placement placement() {
    return placement;
  }

  // ---- signals ----------------------------------------------------------------------------

  void queueTurn(TurnRequest request) {
    queuedTurns.add(request);
  }

  void requestEnd() {
    endRequested = true;
  }

  /**
   * Records an interrupt of the running turn.
   *
   * @return false when no turn runs, and there is nothing to stop
   */
  boolean interrupt(String reason) {
    if (!status.inTurn()) return false;
    interruptReason = reason == null || reason.isBlank() ? "no reason given" : reason;
    return true;
  }

  /** An interrupt not yet acted on, or null. */
  String interruptReason() {
    return interruptReason;
  }

  /** Whether the task should stop waiting: a turn is queued, or it was asked to end. */
  boolean hasWork() {
    return !queuedTurns.isEmpty() || endRequested;
  }

  boolean hasQueuedTurn() {
    return !queuedTurns.isEmpty();
  }

  // ---- a turn -----------------------------------------------------------------------------

  /**
   * Starts the next queued turn. A new model shows as a changed prompt shape at the next call,
   * which notes it and counts the cache break; the prefix itself is never rewritten.
   *
   * @return the turn's request, whose message is appended next
   */
  TurnRequest beginTurn() {
    return beginTurn(false);
  }

  /**
   * As {@link #beginTurn()}; when {@code switchProvider} and the turn asks for another provider,
   * the turn starts with a compaction that hands the context over to it, and its model (if any)
   * applies from then on.
   */
  TurnRequest beginTurn(boolean switchProvider) {
    TurnRequest request = queuedTurns.poll();
    turn++;
    status = TaskStatus.running;
    error = null;
    boolean switching = switchProvider && switchesProvider(request);
    if (switching) switchTo = new ProviderSwitch(request.provider(), blankToNull(request.model()));
    else if (request.model() != null && !request.model().isBlank()) model = request.model();
    budget = budget.raisedBy(request.budget());
    compaction.newTurn();
    return request;
  }

  /** Whether the next queued turn asks for a provider other than the task's. */
  boolean nextTurnSwitchesProvider() {
    return !queuedTurns.isEmpty() && switchesProvider(queuedTurns.peek());
  }

  private boolean switchesProvider(TurnRequest request) {
    if (request.provider() == null || request.provider().isBlank()) return false;
    return !request.provider().equals(provider == null ? LEGACY_PROVIDER : provider);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  /** A switch of provider waits for its compaction, which comes before the next model call. */
  boolean providerSwitchDue() {
    return switchTo != null;
  }

  /** The provider asked for cannot be reached: the task stays with its own. */
  void dropProviderSwitch() {
    switchTo = null;
  }

  String providerSwitchReason() {
    return "switching to provider " + switchTo.provider();
  }

  /** The request that stores a message at the next seq. */
  AppendMessage appendRequest(AppendMessage.Role role, String text) {
    return new AppendMessage(taskId, turn, context.toSeq(), role, text, provider);
  }

  void recordAppend(MessageAppended appended) {
    context = context.upTo(appended.seq() + 1);
    contextTokens += appended.tokens();
  }

  /** The next model call: a new step, reading the context, writing from its end. */
  SampleRequest beginStep() {
    step++;
    return new SampleRequest(taskId, turn, step, context, context.toSeq(), model, shape, provider);
  }

  String stepSummary() {
    return "model " + model + " · turn " + turn + " step " + step;
  }

  void recordSample(SampleResult result) {
    context = context.upTo(context.toSeq() + result.itemCount());
    usage = usage.plus(result.usage());
    contextTokens = result.contextTokens();
    shape = result.shape();
    if (result.cacheBreak() != null) cacheBreaks++;
    if (result.costMicros() < 0) costUnknown = true;
    else costMicros += result.costMicros();
    compaction.called(contextTokens);
    if (result.preview() != null) lastMessage = Text.clip(result.preview(), PREVIEW_CHARS);
  }

  /**
   * Assigns the outputs of a response's tool calls their seqs, one per call after the response.
   *
   * @return the first output's seq
   */
  long assignToolOutputs(List<ToolCallRef> calls) {
    long first = context.toSeq();
    context = context.upTo(first + calls.size());
    lastTool = calls.get(calls.size() - 1).summary();
    batch = new BatchState(List.copyOf(calls), first, 0, false);
    return first;
  }

  // ---- the running batch of tool calls, and approvals ------------------------------------

  /** The batch whose calls are running or waiting; null between batches. */
  BatchState batch() {
    return batch;
  }

  void settleBatch(int settled) {
    batch = batch.settledTo(settled);
  }

  void askingToRetry() {
    batch = batch.retryAsked();
  }

  void endBatch() {
    batch = null;
  }

  /** Run {@code callSeq} under the task's sandbox, or outside it when a person allowed that. */
  ToolRequest toolRequest(long callSeq, long outputSeq, boolean outside) {
    return new ToolRequest(taskId, turn, workspace, callSeq, outputSeq, sandbox, outside, rerunOnCrash);
  }

  ApprovalRules.Decision approvalFor(ToolCallRef call) {
    return ApprovalRules.before(approval, sandbox, call, approvals.approvedForTask());
  }

  Optional<String> retryOutsideReason(ToolCallRef call, ToolResult result) {
    return ApprovalRules.afterFailure(approval, sandbox, call, result, false);
  }

  boolean approvedForTask(String key) {
    return approvals.approvedForTask().contains(key);
  }

  PendingApproval approvalRequest(ToolCallRef call, String reason, boolean outside, long nowMillis) {
    var command = call.command();
    return new PendingApproval(String.valueOf(call.seq()), call.name(),
        command == null ? call.summary() : command.command(),
        absolute(command == null ? "." : command.workdir()), reason, outside, nowMillis);
  }

  /** The workdir as the person asked sees it: within the task's workspace. */
  private String absolute(String workdir) {
    if (workdir == null || workdir.isBlank() || workdir.equals(".")) return workspace;
    if (workdir.startsWith("/")) return workdir;
    return workspace + (workspace.endsWith("/") ? "" : "/") + workdir;
  }

  /** The call waits for a person; the task shows as awaiting approval until it is answered. */
  void awaitApproval(PendingApproval request) {
    approvals.ask(request);
    status = TaskStatus.awaiting_approval;
  }

  boolean hasAnswer(String callId) {
    return approvals.hasAnswer(callId);
  }

  /** The person's answer, once given; the call no longer waits. */
  Optional<ApprovalAnswer> takeAnswer(String callId, String forTaskKey) {
    Optional<ApprovalAnswer> answer = approvals.takeAnswer(callId, forTaskKey);
    if (answer.isPresent() && approvals.pending().isEmpty()) status = TaskStatus.running;
    return answer;
  }

  /** Why {@code answer} cannot apply now, in one line; empty when it can. */
  Optional<String> approvalRefusal(ApprovalAnswer answer) {
    return approvals.refusal(answer);
  }

  ApprovalAnswered answerApproval(ApprovalAnswer answer) {
    return approvals.answer(answer);
  }

  /**
   * Why the task must stop before its next step: a budget it has reached, with how to raise it;
   * empty while it is within every limit.
   */
  Optional<String> budgetReached(long nowMillis) {
    if (budget.maxCostUsd() != null && !costUnknown && costMicros / 1e6 >= budget.maxCostUsd()) {
      return Optional.of(String.format("budget reached: the task has cost about $%.2f of its $%.2f"
          + " limit; send a follow-up with a higher --max-cost to go on", costMicros / 1e6, budget.maxCostUsd()));
    }
    long tokens = usage.input() + usage.output();
    if (budget.maxTokens() != null && tokens >= budget.maxTokens()) {
      return Optional.of("budget reached: the task has used " + tokens + " of its " + budget.maxTokens()
          + " tokens; send a follow-up with a higher --max-tokens to go on");
    }
    if (budget.maxDuration() != null && startedAtMillis > 0
        && nowMillis - startedAtMillis >= budget.maxDuration().toMillis()) {
      return Optional.of("budget reached: the task has run for " + Duration.ofMillis(nowMillis - startedAtMillis)
          .toMinutes() + " minutes of its " + budget.maxDuration().toMinutes()
          + "; send a follow-up with a higher --max-duration to go on");
    }
    return Optional.empty();
  }

  void recordToolResult(ToolResult result) {
    contextTokens += result.tokens();
    if (result.plan() != null) plan = List.copyOf(result.plan());
  }

  boolean compactionDue() {
    return compaction.due(contextTokens);
  }

  String compactionReason() {
    return "the context reached " + contextTokens + " of " + compaction.limit() + " tokens";
  }

  CompactionPolicy compaction() {
    return compaction;
  }

  /** Compact the current context into the next checkpoint. */
  CompactRequest compactRequest() {
    return new CompactRequest(taskId, turn, context, context.checkpoint() + 1, model, workspace,
        provider, switchTo == null ? null : switchTo.provider(), switchTo == null ? null : switchTo.model());
  }

  /** The context is the compacted one; a switch of provider it made takes effect. */
  void recordCompaction(CompactResult result) {
    context = result.context();
    contextTokens = result.tokens();
    compaction.compacted();
    if (switchTo != null) {
      provider = switchTo.provider();
      model = switchTo.model() != null ? switchTo.model() : result.switchedModel();
      switchTo = null;
    }
  }

  /** The turn is over (an outcome that goes on in the next run changes nothing here). */
  void endTurn(TurnOutcome outcome) {
    switch (outcome.kind()) {
      case ANSWERED -> status = TaskStatus.idle;
      case INTERRUPTED -> {
        status = TaskStatus.idle;
        error = "interrupted: " + outcome.reason();
      }
      case NEEDS_ATTENTION -> {
        status = TaskStatus.needs_attention;
        error = outcome.reason();
      }
      case COMPACTED, CONTINUED -> {
        return;
      }
    }
    interruptReason = null;
    batch = null;
    approvals.cancelPending();
  }

  void fail(String why) {
    status = TaskStatus.failed;
    error = why;
  }

  void end() {
    status = TaskStatus.ended;
  }

  // ---- what others see --------------------------------------------------------------------

  String taskId() {
    return taskId;
  }

  String workspace() {
    return workspace;
  }

  int turn() {
    return turn;
  }

  boolean searchAttributes() {
    return searchAttributes;
  }

  Progress progress() {
    return new Progress(
        status, model, turn, step, lastTool, Tokens.of(usage, contextTokens), lastMessage, plan,
        queuedTurns.size(), cacheBreaks, costUnknown ? null : costMicros / 1e6, error,
        approvals.pending(), sandbox == null ? null : sandbox.describe(),
        approval == null ? null : approval.label(), budget.isUnlimited() ? null : budget,
        placement == null ? null : placement.host(), placement == null ? null : placement.describeSnapshots(),
        placement == null ? null : placement.moveError());
  }

  StatusUpdate statusUpdate() {
    return new StatusUpdate(taskId, status.label(), turn, step, lastMessage, error);
  }

  TaskResult result() {
    return new TaskResult(status, turn, step, lastMessage);
  }

  /** An attempt's result: how its turn ended, and what it spent, which its parent charges to itself. */
  TaskResult attemptResult() {
    return new TaskResult(status, turn, step, lastMessage, usage, costUnknown ? -1L : costMicros);
  }

  /**
   * Counts spending made on this task's behalf outside its own samples (a best-of-N task's
   * attempts and review) against its budget.
   *
   * @param micros the cost, negative when unknown
   */
  void charge(Usage spent, long micros) {
    usage = usage.plus(spent);
    if (micros < 0) costUnknown = true;
    else costMicros += micros;
  }
}
