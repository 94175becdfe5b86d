package dev.longhaul.activities;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.contract.AbortTool;
import dev.longhaul.contract.FailureType;
import dev.longhaul.contract.PlanStep;
import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.contract.ToolActivities;
import dev.longhaul.contract.ToolRequest;
import dev.longhaul.contract.ToolResult;
import dev.longhaul.model.ItemFormat;
import dev.longhaul.model.ProviderId;
import dev.longhaul.prompt.ItemTokens;
import dev.longhaul.prompt.TokenCounter;
import dev.longhaul.prompt.Truncation;
import dev.longhaul.store.Item;
import dev.longhaul.store.ItemKind;
import dev.longhaul.store.ItemStore;
import dev.longhaul.store.Store;
import dev.longhaul.store.ToolAttempt;
import dev.longhaul.store.ToolAttemptStore;
import dev.longhaul.tools.Tool;
import dev.longhaul.tools.ToolContext;
import dev.longhaul.tools.ToolException;
import dev.longhaul.tools.ToolOutput;
import dev.longhaul.tools.ToolProgress;
import dev.longhaul.tools.ToolRegistry;
import dev.longhaul.tools.Workspace;
import dev.longhaul.tools.sandbox.SandboxRefusalException;
import dev.longhaul.tools.sandbox.SandboxUnavailableException;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

public final class ToolActivitiesImpl implements ToolActivities {
  private static final int PREVIEW_CHARS = 300;
  /** This process as Temporal names a worker by default, recorded with each attempt it runs. */
  private static final String WORKER = ManagementFactory.getRuntimeMXBean().getName();

  private final ItemStore store;
  private final ToolAttemptStore attempts;
  private final ToolRegistry tools;
  private final ItemFactory itemFactory;
  private final Truncation truncation;
  private final int outputBudget;
  private final Redactor redactor;
  private final Confinement confinement;
  private final Metrics metrics;

  /**
   * @param outputBudget the most tokens one tool output may put into the context
   * @param redactor masks the worker's secrets in every output, the second line of defence after
   *     the sandbox
   * @param confinement how calls are confined when their request names no sandbox
   */
  public ToolActivitiesImpl(
      Store store, ToolRegistry tools, TokenCounter counter, int outputBudget, Redactor redactor,
      Confinement confinement) {
    this(store, tools, counter, outputBudget, redactor, confinement, Metrics.none());
  }

  /** As above, counting each call's outcome and each sandbox denial in {@code metrics}. */
  public ToolActivitiesImpl(
      Store store, ToolRegistry tools, TokenCounter counter, int outputBudget, Redactor redactor,
      Confinement confinement, Metrics metrics) {
    this.metrics = metrics;
    this.confinement = confinement;
    this.store = store.items();
    this.attempts = store.toolAttempts();
    this.tools = tools;
    this.itemFactory = new ItemFactory(new ItemTokens(counter));
    this.truncation = new Truncation(counter);
    this.outputBudget = outputBudget;
    this.redactor = redactor;
  }

  @Override
  public ToolResult runTool(ToolRequest request) {
    Call call = readCall(request.taskId(), request.callSeq());
    ToolResult result = runTool(request, call);
    metrics.toolCall(toolName(call), result.cutOff() ? Metrics.ToolOutcome.cut_off
        : result.failed() ? Metrics.ToolOutcome.failed : Metrics.ToolOutcome.ok);
    return result;
  }

  /**
   * Runs the call when its tool only reads (or is unknown, which only answers an error): what a
   * local activity may run, outside the tool queue's at-most-once bookkeeping and heartbeats.
   *
   * @return empty when the call changes things
   */
  Optional<ToolResult> runIfReadOnly(ToolRequest request) {
    Call call = readCall(request.taskId(), request.callSeq());
    if (!tools.find(call.name()).map(Tool::readOnly).orElse(true)) return Optional.empty();
    ToolResult result = runTool(request, call);
    metrics.toolCall(toolName(call), result.failed() ? Metrics.ToolOutcome.failed : Metrics.ToolOutcome.ok);
    return Optional.of(result);
  }

  private ToolResult runTool(ToolRequest request, Call call) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    Invocation invocation;
    try {
      invocation = prepare(call, request);
    } catch (ToolException e) {
      return answer(request, call, ToolOutput.failed(e.getMessage()));
    }
    if (retriesFreely(invocation.tool(), invocation.policy(), request.escalated())) {
      return answer(request, call, run(invocation, activity));
    }
    return runOnce(request, call, invocation, activity);
  }

  @Override
  public ToolResult abortTool(AbortTool request) {
    Call call = readCall(request.taskId(), request.callSeq());
    metrics.toolCall(toolName(call), Metrics.ToolOutcome.refused);
    return answer(
        request.taskId(), request.turn(), call, request.outputSeq(),
        ToolOutput.failed(request.reason()));
  }

  /** The call's tool as a metric tag: a name the model made up would make a series of its own. */
  private String toolName(Call call) {
    return tools.find(call.name()).map(Tool::name).orElse("unknown");
  }

  /**
   * Whether a call may simply run again when an attempt of it was lost: it only reads, or the
   * sandbox lets it write nothing and reach no network (where it could change another machine).
   * A call escalated out of the sandbox is treated as one that changes things.
   *
   * @param sandbox the call's confinement, the worker's default filled in
   */
  static boolean retriesFreely(Tool tool, SandboxPolicy sandbox, boolean escalated) {
    if (tool.readOnly()) return true;
    return !escalated && sandbox.mode() == SandboxMode.READ_ONLY && !sandbox.network();
  }

  /**
   * Runs a call that changes things at most once, unless the task asked for at-least-once ({@link
   * ToolRequest#rerunOnCrash()}). Before running it, the attempt records in the store, synchronously,
   * that it does. A later attempt (Temporal's retry after the worker was lost or the attempt timed
   * out) then returns the output an earlier attempt stored, if any; finds an attempt that ran the
   * call and never stored its output, and answers that the call was cut off, with the output its
   * last heartbeat carried; or, when no attempt got as far as running it, runs it.
   */
  private ToolResult runOnce(
      ToolRequest request, Call call, Invocation invocation, ActivityExecutionContext activity) {
    String callId = call.callId();
    EarlierAttempts earlier = new EarlierAttempts(
        storedOutput(request, callId),
        attempts.attempts(request.taskId(), request.outputSeq(), callId));
    if (earlier.storedOutput().isPresent()) {
      return result(earlier.storedOutput().get(), earlier.storedOutputFailed(), null);
    }
    Optional<ToolAttempt> cutOff = earlier.cutOff().filter(lost -> !request.rerunOnCrash());
    String attempt = attempts.begin(request.taskId(), request.outputSeq(), callId,
        activity.getInfo().getAttempt(), WORKER, cutOff.isEmpty());
    ToolOutput output = cutOff.isPresent()
        ? ToolOutput.failed(
            EarlierAttempts.cutOffNotice(activity.getHeartbeatDetails(ToolProgress.class)))
        : run(invocation, activity);
    ToolResult result = answer(request, call, output);
    attempts.finish(attempt, result.failed());
    return cutOff.isPresent() ? result.asCutOff() : result;
  }

  /** The output item stored at the request's output seq, if it answers this call. */
  private Optional<Item> storedOutput(ToolRequest request, String callId) {
    return store.item(request.taskId(), request.outputSeq())
        .filter(item -> item.kind().equals(ItemKind.FUNCTION_CALL_OUTPUT))
        .filter(item -> ItemFactory.format(item).toolResult(Items.parse(item.raw()))
            .filter(output -> callId.equals(output.callId())).isPresent());
  }

  /** A tool call checked and ready to run, and how it is confined. */
  private record Invocation(
      Tool tool, JsonNode arguments, Workspace workspace, SandboxPolicy policy, boolean escalated) {}

  private Invocation prepare(Call call, ToolRequest request) throws ToolException {
    String name = call.name();
    Optional<Tool> tool = tools.find(name);
    if (tool.isEmpty()) {
      String known = tools.sorted().stream().map(Tool::name).collect(Collectors.joining(", "));
      throw new ToolException("unknown tool \"" + name + "\"; the tools are: " + known);
    }
    JsonNode arguments;
    try {
      arguments = Items.JSON.readTree(call.arguments());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ToolException(name + ": the arguments are not valid JSON: " + e.getOriginalMessage());
    }
    if (arguments == null || !arguments.isObject()) {
      throw new ToolException(name + ": the arguments must be a JSON object");
    }
    try {
      return new Invocation(tool.get(), arguments, new Workspace(Path.of(request.workspace())),
          confinement.sandboxFor(request.sandbox()), request.escalated());
    } catch (IllegalArgumentException e) {
      throw new ToolException(e.getMessage());
    }
  }

  /**
   * Runs the call. Its heartbeats carry its progress with the worker's secrets masked: Temporal
   * keeps heartbeat details with the activity, and may record them in the workflow's history.
   */
  private ToolOutput run(Invocation invocation, ActivityExecutionContext activity) {
    ToolContext context = new ToolContext(
        invocation.workspace(),
        () -> activity.heartbeat(null),
        progress -> activity.heartbeat(
            new ToolProgress(progress.elapsedSeconds(), redactor.redact(progress.output()))),
        confinement.sandbox(), invocation.policy(), invocation.escalated());
    String name = invocation.tool().name();
    try {
      return invocation.tool().execute(invocation.arguments(), context);
    } catch (SandboxRefusalException e) {
      metrics.sandboxDenial(Metrics.SandboxDenial.refused);
      return ToolOutput.failed(e.getMessage());
    } catch (ToolException e) {
      return ToolOutput.failed(e.getMessage());
    } catch (ActivityCompletionException cancelled) {
      throw cancelled; // an interrupt or a lost worker: not the tool's output
    } catch (SandboxUnavailableException e) {
      // fails the task: a call is never run unconfined instead
      metrics.sandboxDenial(Metrics.SandboxDenial.unavailable);
      throw Confinement.unavailable(invocation.policy(), e.getMessage());
    } catch (RuntimeException bug) {
      return ToolOutput.failed(name + " failed unexpectedly: " + bug);
    }
  }

  private ToolResult answer(ToolRequest request, Call call, ToolOutput output) {
    return answer(request.taskId(), request.turn(), call, request.outputSeq(), output);
  }

  private ToolResult answer(String taskId, int turn, Call call, long outputSeq, ToolOutput output) {
    String text = truncation.keepHeadAndTail(redactor.redact(output.text()), outputBudget);
    Item item = itemFactory.toolOutput(outputSeq, turn, call.provider(), call.callId(), text);
    store.upsert(taskId, item, Items.writer(taskId));
    return result(item, output.failed(), output.plan());
  }

  private static ToolResult result(Item output, boolean failed, List<PlanStep> plan) {
    String text = ItemFactory.format(output).toolResult(Items.parse(output.raw()))
        .map(ItemFormat.ToolResult::output).orElse("");
    String preview = text.length() <= PREVIEW_CHARS ? text : text.substring(0, PREVIEW_CHARS) + "…";
    return new ToolResult(output.seq(), output.tokens(), failed, preview, plan);
  }

  /** A stored tool call, and the provider whose format its output is written in. */
  private record Call(String callId, String name, String arguments, ProviderId provider) {}

  private Call readCall(String taskId, long seq) {
    Item item =
        store.item(taskId, seq)
            .orElseThrow(
                () -> FailureType.MISSING_TOOL_CALL.failure(
                    "no tool call at seq " + seq + " of task " + taskId));
    ItemFormat.ToolCall call = ItemFactory.format(item).toolCall(Items.parse(item.raw()))
        .orElseThrow(() -> FailureType.MISSING_TOOL_CALL.failure(
            "the item at seq " + seq + " of task " + taskId + " is not a tool call"));
    return new Call(call.callId(), call.name(), call.arguments(), item.provider());
  }
}
