package dev.longhaul.worker;

import dev.longhaul.contract.AbortTool;
import dev.longhaul.contract.AppendMessage;
import dev.longhaul.contract.BindHost;
import dev.longhaul.contract.HostBinding;
import dev.longhaul.contract.RestoreWorkspace;
import dev.longhaul.contract.SnapshotRequest;
import dev.longhaul.contract.SnapshotResult;
import dev.longhaul.contract.WorkspaceActivities;
import java.time.Duration;
import dev.longhaul.contract.ApprovalPolicy;
import dev.longhaul.contract.CommandInfo;
import dev.longhaul.contract.CompactRequest;
import dev.longhaul.contract.CompactResult;
import dev.longhaul.contract.CompactionActivities;
import dev.longhaul.contract.ContextRef;
import dev.longhaul.contract.MessageAppended;
import dev.longhaul.contract.ModelActivities;
import dev.longhaul.contract.OpenTask;
import dev.longhaul.contract.PromptShape;
import dev.longhaul.contract.RestoreRequest;
import dev.longhaul.contract.Restored;
import dev.longhaul.contract.SampleRequest;
import dev.longhaul.contract.SampleResult;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.contract.StatusUpdate;
import dev.longhaul.contract.TaskActivities;
import dev.longhaul.contract.TaskOpened;
import dev.longhaul.contract.ToolActivities;
import dev.longhaul.contract.ToolCallRef;
import dev.longhaul.contract.ToolRequest;
import dev.longhaul.contract.ToolResult;
import dev.longhaul.contract.Usage;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The contract's four activity groups as in-memory stand-ins, for tests of the workflow's own
 * logic (the real activities have tests of their own): the model answers from a script, tools and
 * bookkeeping succeed at once, and every call is recorded as the request it was made with, in
 * the order the workflow made them.
 */
final class StubActivities
    implements ModelActivities, ToolActivities, CompactionActivities, TaskActivities, WorkspaceActivities {
  static final String MODEL = "stub-model";
  /** The host every task binds to; {@link StubbedServer} polls its queue too. */
  static final String HOST = "stub-host";
  static final PromptShape SHAPE = new PromptShape(MODEL, "tools-1", "shell");
  /** What every model call reports: 100 tokens in, 10 out. */
  static final Usage USAGE = new Usage(100, 0, 10, 0);
  static final int MESSAGE_TOKENS = 5;
  static final int TOOL_OUTPUT_TOKENS = 20;

  private final Queue<Function<SampleRequest, SampleResult>> script = new ConcurrentLinkedQueue<>();
  private final List<Object> calls = new CopyOnWriteArrayList<>();
  private volatile SandboxPolicy sandbox;
  private volatile ApprovalPolicy approval;
  private volatile boolean failInSandbox;

  /** What the worker resolves every task's sandbox and approval policy to; none by default. */
  StubActivities policy(SandboxPolicy sandbox, ApprovalPolicy approval) {
    this.sandbox = sandbox;
    this.approval = approval;
    return this;
  }

  /** Makes every tool call fail unless it runs outside the sandbox. */
  StubActivities failInSandbox() {
    this.failInSandbox = true;
    return this;
  }

  /** The model's replies, one per call, in order. */
  @SafeVarargs
  final void script(Function<SampleRequest, SampleResult>... replies) {
    script.addAll(List.of(replies));
  }

  /** A plain answer: one assistant message, no tool calls, so the turn ends. */
  static Function<SampleRequest, SampleResult> answer(String text) {
    return request -> new SampleResult(1, List.of(), USAGE, 110, text, SHAPE, null, 0);
  }

  /** One call of a tool that mutates (so it runs alone), stored as the call's only output item. */
  static Function<SampleRequest, SampleResult> toolCall(String name, String summary) {
    return request -> new SampleResult(
        1, List.of(new ToolCallRef(request.firstOutputSeq(), name, false, summary)), USAGE, 110,
        null, SHAPE, null, 0);
  }

  /** One call of a command: {@code justification} non-null asks to run it outside the sandbox. */
  static Function<SampleRequest, SampleResult> command(String command, boolean knownSafe, String justification) {
    return request -> new SampleResult(
        1, List.of(new ToolCallRef(request.firstOutputSeq(), "shell", false, "shell: " + command,
            new CommandInfo(command, ".", knownSafe, justification))),
        USAGE, 110, null, SHAPE, null, 0);
  }

  /** A reply that costs {@code micros} millionths of a dollar. */
  static Function<SampleRequest, SampleResult> costing(long micros, Function<SampleRequest, SampleResult> reply) {
    return request -> {
      SampleResult r = reply.apply(request);
      return new SampleResult(r.itemCount(), r.toolCalls(), r.usage(), r.contextTokens(), r.preview(),
          r.shape(), r.cacheBreak(), micros);
    };
  }

  /** Every call so far, as the request records the workflow sent. */
  List<Object> calls() {
    return List.copyOf(calls);
  }

  /** The calls with requests of this type. */
  <T> List<T> calls(Class<T> type) {
    return calls.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Override
  public HostBinding bindHost(BindHost request) {
    calls.add(request);
    return new HostBinding(HOST, request.workspace(), Duration.ofMinutes(2), SnapshotResult.stored(0, 100));
  }

  @Override
  public SnapshotResult snapshot(SnapshotRequest request) {
    calls.add(request);
    return SnapshotResult.stored(request.seq(), 100);
  }

  @Override
  public HostBinding restoreWorkspace(RestoreWorkspace request) {
    calls.add(request);
    return new HostBinding(HOST, "/restored/" + request.taskId(), Duration.ofMinutes(2), null);
  }

  @Override
  public SampleResult sample(SampleRequest request) {
    calls.add(request);
    Function<SampleRequest, SampleResult> reply = script.poll();
    if (reply == null) throw new IllegalStateException("nothing scripted for " + request);
    return reply.apply(request);
  }

  @Override
  public ToolResult runTool(ToolRequest request) {
    calls.add(request);
    boolean failed = failInSandbox && !request.escalated();
    return new ToolResult(request.outputSeq(), TOOL_OUTPUT_TOKENS, failed, failed ? "denied by the sandbox" : "ok", null);
  }

  @Override
  public ToolResult abortTool(AbortTool request) {
    calls.add(request);
    return new ToolResult(request.outputSeq(), MESSAGE_TOKENS, true, request.reason(), null);
  }

  @Override
  public CompactResult compact(CompactRequest request) {
    calls.add(request);
    long next = request.context().toSeq();
    return new CompactResult(new ContextRef(request.checkpoint(), next, next), 1_000, false);
  }

  @Override
  public TaskOpened openTask(OpenTask request) {
    calls.add(request);
    return new TaskOpened(MODEL, false, 160_000, sandbox, approval);
  }

  @Override
  public MessageAppended appendMessage(AppendMessage request) {
    calls.add(request);
    return new MessageAppended(request.seq(), MESSAGE_TOKENS);
  }

  @Override
  public void recordStatus(StatusUpdate update) {
    calls.add(update);
  }

  @Override
  public Restored restore(RestoreRequest request) {
    calls.add(request);
    throw new UnsupportedOperationException("no stored contexts here: " + request);
  }

  @Override
  public dev.longhaul.contract.Spent spentBy(String taskId) {
    calls.add(taskId);
    throw new UnsupportedOperationException("no usage ledger here: " + taskId);
  }
}
