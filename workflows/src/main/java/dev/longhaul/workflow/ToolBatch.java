package dev.longhaul.workflow;

import dev.longhaul.contract.AbortTool;
import dev.longhaul.contract.FailureType;
import dev.longhaul.contract.ToolActivities;
import dev.longhaul.contract.ToolCallRef;
import dev.longhaul.contract.ToolRequest;
import dev.longhaul.contract.ToolResult;
import dev.longhaul.contract.ToolsHere;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The tool calls of one model response. Guarantees that every call ends up with exactly one
 * output item: its result, a refusal or denial, or an abort note when it failed for good or was
 * interrupted. A call the approval policy holds waits for a person's answer first; the batch's
 * progress lives in {@link TaskRun}, so a wait can outlast the run.
 */
final class ToolBatch {
  /** Read-only calls run in the workflow's own worker first ({@link #runHere}). */
  static final String READ_ONLY_CALLS_HERE = "read-only-calls-run-here";

  /** Waits, durably, for a person's answer to a call. */
  interface Approver {
    /**
     * @return the answer; empty when the run must continue as new before it comes (the wait then
     *     goes on in the next run)
     */
    Optional<ApprovalAnswer> await(PendingApproval request, String forTaskKey);
  }

  private final TaskRun state;
  private final Approver approver;
  /** Moves the task off a host that did not pick up a call in time (given its id). */
  private final Consumer<String> hostLost;
  private final List<ToolCallRef> calls;
  private final long firstOutputSeq;
  private final Map<Long, Promise<ToolResult>> inFlight = new HashMap<>();
  private final Set<Long> answered = new HashSet<>();
  /** Where each started call was sent and whether outside the sandbox, to start it again after a move. */
  private final Map<Long, Started> started = new HashMap<>();

  private record Started(String host, boolean outside) {}

  ToolBatch(TaskRun state, Approver approver, Consumer<String> hostLost) {
    this.state = state;
    this.approver = approver;
    this.hostLost = hostLost;
    BatchState batch = state.batch();
    this.calls = batch.calls();
    this.firstOutputSeq = batch.firstOutputSeq();
    for (int i = 0; i < batch.settled(); i++) answered.add(firstOutputSeq + i);
  }

  /**
   * Runs the calls not yet settled: all at once when every one is read-only, otherwise one by one
   * in the order the model gave them, since a later call may depend on an earlier call's edits.
   *
   * @return false when the run must continue as new first (a call still waits for a person)
   */
  boolean run(Consumer<ToolResult> onResult) {
    if (calls.stream().allMatch(ToolCallRef::readOnly)) {
      int from = state.batch().settled();
      Map<Integer, ToolResult> ranHere = runHere(from);
      for (int i = from; i < calls.size(); i++) if (!ranHere.containsKey(i)) start(i, false);
      for (int i = from; i < calls.size(); i++) onResult.accept(ranHere.containsKey(i) ? ranHere.get(i) : settle(i));
      state.settleBatch(calls.size());
      return true;
    }
    for (int i = state.batch().settled(); i < calls.size(); i++) {
      Optional<String> retryOutside;
      if (state.batch().askingToRetry()) {
        retryOutside = Optional.of("it failed inside the sandbox; approve to run it again outside");
      } else {
        Ran ran = runGated(i);
        if (ran == null) return false;
        onResult.accept(ran.result());
        retryOutside = ran.inSandbox() ? state.retryOutsideReason(calls.get(i), ran.result()) : Optional.empty();
      }
      if (retryOutside.isPresent() && !retryOutside(i, retryOutside.get(), onResult)) return false;
      state.settleBatch(i + 1);
    }
    return true;
  }

  /**
   * Runs read-only calls from {@code from} on in this worker, as local activities, when its host
   * holds the workspace (most often it does: a workflow's tasks stay with the worker that has it
   * cached, and one host runs both): a step then costs no round trip through the server for its
   * tool and no second workflow task. The calls not run here go to the host's queue as before.
   * Detached from the turn's scope, so an interrupt waits for these short calls instead of
   * answering one as interrupted while it still runs and writes its output.
   *
   * @return the results of the calls run here, by index
   */
  private Map<Integer, ToolResult> runHere(int from) {
    if (Workflow.getVersion(READ_ONLY_CALLS_HERE, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return Map.of();
    }
    String host = state.placement() == null ? null : state.placement().host();
    Map<Integer, Promise<ToolsHere.Result>> running = new TreeMap<>();
    Map<Integer, ToolResult> ran = new HashMap<>();
    Workflow.newDetachedCancellationScope(() -> {
      for (int i = from; i < calls.size(); i++) {
        ToolCallRef call = calls.get(i);
        ToolsHere here = ActivityStubs.toolsHere(call.summary());
        ToolRequest request = state.toolRequest(call.seq(), firstOutputSeq + i, false);
        running.put(i, Async.function(here::runToolHere, new ToolsHere.Request(host, request)));
      }
      running.forEach((i, promise) -> {
        try {
          ToolsHere.Result result = promise.get();
          if (result.ranHere()) {
            ran.put(i, result.result());
            answered.add(firstOutputSeq + i);
          }
        } catch (ActivityFailure failedHere) {
          // Sent to the host's queue below, with a tool's retries.
        }
      });
    }).run();
    return ran;
  }

  /** A call's result, and whether it ran inside the sandbox (not refused, denied or let out). */
  private record Ran(ToolResult result, boolean inSandbox) {}

  /** The call run as the policy allows, or refused or denied; null to continue as new first. */
  private Ran runGated(int i) {
    ToolCallRef call = calls.get(i);
    ApprovalRules.Decision decision = state.approvalFor(call);
    switch (decision.gate()) {
      case RUN, RUN_OUTSIDE -> {
        boolean outside = decision.gate() == ApprovalRules.Gate.RUN_OUTSIDE;
        start(i, outside);
        return new Ran(settle(i), !outside);
      }
      case REFUSE -> {
        return new Ran(abort(i, decision.reason()), false);
      }
      default -> {
        boolean outside = decision.gate() == ApprovalRules.Gate.ASK_OUTSIDE;
        Optional<ApprovalAnswer> answer =
            approver.await(state.approvalRequest(call, decision.reason(), outside, Workflow.currentTimeMillis()),
                ApprovalRules.key(call.command(), outside));
        if (answer.isEmpty()) return null;
        if (!answer.get().approved()) return new Ran(abort(i, denial(answer.get())), false);
        start(i, outside);
        return new Ran(settle(i), !outside);
      }
    }
  }

  /**
   * Under {@code on-failure}: a call that failed in the sandbox asks to run again outside it.
   *
   * @return false when the run must continue as new before the answer
   */
  private boolean retryOutside(int i, String why, Consumer<ToolResult> onResult) {
    ToolCallRef call = calls.get(i);
    String key = ApprovalRules.key(call.command(), true);
    // Approved outside for the rest of the task: it runs again without asking.
    boolean approved = state.approvedForTask(key);
    if (!approved) {
      state.askingToRetry();
      Optional<ApprovalAnswer> answer =
          approver.await(state.approvalRequest(call, why, true, Workflow.currentTimeMillis()), key);
      if (answer.isEmpty()) return false;
      approved = answer.get().approved();
    }
    if (approved) {
      answered.remove(firstOutputSeq + i); // the retry replaces the failed output
      start(i, true);
      onResult.accept(settle(i));
    }
    return true;
  }

  /**
   * After an interrupt: waits for cancelled calls to stop, then answers every call still without
   * an output. Must run in a detached scope, since the turn's own scope is cancelled.
   */
  void abortUnanswered(String reason) {
    for (int i = 0; i < calls.size(); i++) {
      long outputSeq = firstOutputSeq + i;
      Promise<ToolResult> promise = inFlight.get(outputSeq);
      if (promise != null && !answered.contains(outputSeq)) {
        try {
          promise.get();
          answered.add(outputSeq);
          continue;
        } catch (ActivityFailure stopped) {
          // cancelled or failed: answered below
        }
      }
      if (!answered.contains(outputSeq)) abort(i, reason);
    }
  }

  private void start(int i, boolean outside) {
    ToolCallRef call = calls.get(i);
    ToolActivities tools = ActivityStubs.tools(call.summary(), state.placement());
    long outputSeq = firstOutputSeq + i;
    state.toolStarted(call);
    started.put(outputSeq, new Started(state.placement() == null ? null : state.placement().host(), outside));
    ToolRequest request = state.toolRequest(call.seq(), outputSeq, outside);
    inFlight.put(outputSeq, Async.function(tools::runTool, request));
  }

  private ToolResult settle(int i) {
    long outputSeq = firstOutputSeq + i;
    ToolResult result;
    try {
      result = inFlight.get(outputSeq).get();
    } catch (ActivityFailure failure) {
      Started where = started.get(outputSeq);
      if (where.host() != null && HostMoves.lostHost(failure)) {
        // The call never started: it runs on the host the task moves to.
        hostLost.accept(where.host());
        start(i, where.outside());
        return settle(i);
      }
      // A worker that cannot confine the call must not be answered around: the task fails.
      if (Failures.isCancellation(failure) || FailureType.SANDBOX_UNAVAILABLE.isCauseOf(failure)) {
        throw failure;
      }
      result = abort(i, "The tool could not be run: " + Failures.rootMessage(failure));
    }
    answered.add(outputSeq);
    return result;
  }

  private ToolResult abort(int i, String reason) {
    long outputSeq = firstOutputSeq + i;
    ToolResult result =
        ActivityStubs.bookkeepingTools()
            .abortTool(new AbortTool(state.taskId(), state.turn(), calls.get(i).seq(), outputSeq, reason));
    answered.add(outputSeq);
    return result;
  }

  private static String denial(ApprovalAnswer answer) {
    String reason = answer.reason() == null || answer.reason().isBlank() ? "" : ": " + answer.reason();
    return "Not run: the user denied this call" + reason;
  }
}
