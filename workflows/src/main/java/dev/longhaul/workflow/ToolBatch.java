package dev.longhaul.workflow;

import dev.longhaul.contract.AbortTool;
import dev.longhaul.contract.ToolActivities;
import dev.longhaul.contract.ToolCallRef;
import dev.longhaul.contract.ToolRequest;
import dev.longhaul.contract.ToolResult;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The tool calls of one model response. Guarantees that every call ends up with exactly one
 * output item: its result, or an abort note when it failed for good or was interrupted.
 */
final class ToolBatch {
  private final String taskId;
  private final int turn;
  private final String workspace;
  private final List<ToolCallRef> calls;
  private final long firstOutputSeq;
  private final Map<Long, Promise<ToolResult>> inFlight = new HashMap<>();
  private final Map<Long, ToolResult> answered = new HashMap<>();

  ToolBatch(String taskId, int turn, String workspace, List<ToolCallRef> calls, long firstOutputSeq) {
    this.taskId = taskId;
    this.turn = turn;
    this.workspace = workspace;
    this.calls = List.copyOf(calls);
    this.firstOutputSeq = firstOutputSeq;
  }

  int size() {
    return calls.size();
  }

  /**
   * Runs the calls: all at once when every one is read-only, otherwise one by one in the order
   * the model gave them, since a later call may depend on an earlier call's edits.
   */
  void run(Consumer<ToolResult> onResult) {
    boolean parallel = calls.stream().allMatch(ToolCallRef::readOnly);
    for (int i = 0; i < calls.size(); i++) {
      start(i);
      if (!parallel) settle(i, onResult);
    }
    if (parallel) {
      for (int i = 0; i < calls.size(); i++) settle(i, onResult);
    }
  }

  /**
   * After an interrupt: waits for cancelled calls to stop, then answers every call still without
   * an output. Must run in a detached scope, since the turn's own scope is cancelled.
   */
  List<ToolResult> abortUnanswered(String reason) {
    List<ToolResult> aborted = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      long outputSeq = firstOutputSeq + i;
      Promise<ToolResult> promise = inFlight.get(outputSeq);
      if (promise != null && !answered.containsKey(outputSeq)) {
        try {
          answered.put(outputSeq, promise.get());
          continue;
        } catch (ActivityFailure stopped) {
          // cancelled or failed: answered below
        }
      }
      if (!answered.containsKey(outputSeq)) {
        aborted.add(abort(i, reason));
      }
    }
    return aborted;
  }

  private void start(int i) {
    ToolActivities tools = ActivityStubs.tools(calls.get(i).summary());
    long outputSeq = firstOutputSeq + i;
    ToolRequest request =
        new ToolRequest(taskId, turn, workspace, calls.get(i).seq(), outputSeq);
    inFlight.put(outputSeq, Async.function(tools::runTool, request));
  }

  private void settle(int i, Consumer<ToolResult> onResult) {
    long outputSeq = firstOutputSeq + i;
    ToolResult result;
    try {
      result = inFlight.get(outputSeq).get();
    } catch (ActivityFailure failure) {
      if (Failures.isCancellation(failure)) throw failure;
      result = abort(i, "The tool could not be run: " + Failures.rootMessage(failure));
    }
    answered.put(outputSeq, result);
    onResult.accept(result);
  }

  private ToolResult abort(int i, String reason) {
    long outputSeq = firstOutputSeq + i;
    ToolResult result =
        ActivityStubs.bookkeepingTools()
            .abortTool(new AbortTool(taskId, turn, calls.get(i).seq(), outputSeq, reason));
    answered.put(outputSeq, result);
    return result;
  }
}
