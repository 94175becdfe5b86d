package dev.longhaul.cli;

import dev.longhaul.contract.PlanStep;
import dev.longhaul.store.TaskRow;
import dev.longhaul.workflow.Budget;
import dev.longhaul.workflow.PendingApproval;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.Tokens;
import java.util.List;

/**
 * A task's state as {@code status} shows it: from the running workflow's {@code progress} query,
 * or from the store once the workflow has closed or is gone.
 *
 * @param status as people and the store spell it ({@code awaiting-approval})
 * @param live whether it came from the running workflow
 * @param retrying the step Temporal is retrying and its last failure, or null
 * @param cacheHitRatio the share of input tokens served from the provider's prompt cache
 * @param costUsd the estimated cost; null when unknown
 * @param approvals tool calls waiting for a person's answer, oldest first
 * @param sandbox the task's confinement in one line; null when unknown
 * @param approvalPolicy when the task asks; null when unknown
 * @param budget the task's limits; null for none or unknown
 * @param host the host the task's workspace is on; null for a task from before hosts
 * @param snapshots its workspace snapshots in one line; null when unknown or none yet
 * @param moveError why the last move asked for failed; null otherwise
 */
public record TaskView(
    String taskId,
    String status,
    String model,
    int turn,
    int step,
    Tokens tokens,
    String lastTool,
    String lastMessage,
    List<PlanStep> plan,
    int queuedTurns,
    String error,
    boolean live,
    String retrying,
    double cacheHitRatio,
    int cacheBreaks,
    Double costUsd,
    List<PendingApproval> approvals,
    String sandbox,
    String approvalPolicy,
    Budget budget,
    String host,
    String snapshots,
    String moveError) {

  static TaskView of(String taskId, Progress p) {
    return new TaskView(
        taskId, p.status().label(), p.model(), p.turn(), p.step(), p.tokens(), p.lastTool(),
        p.lastMessage(), p.plan(), p.queuedTurns(), p.error(), true, null,
        Math.round(p.cacheHitRatio() * 1000) / 1000.0, p.cacheBreaks(), p.costUsd(),
        p.approvals() == null ? List.of() : p.approvals(), p.sandbox(), p.approvalPolicy(), p.budget(),
        p.host(), p.snapshots(), p.moveError());
  }

  TaskView retrying(String retrying) {
    return new TaskView(
        taskId, status, model, turn, step, tokens, lastTool, lastMessage, plan, queuedTurns, error,
        live, retrying, cacheHitRatio, cacheBreaks, costUsd, approvals, sandbox, approvalPolicy, budget,
        host, snapshots, moveError);
  }

  static TaskView of(TaskRow row) {
    return new TaskView(
        row.taskId(), row.status(), row.model(), row.turn(), row.step(), null, null,
        row.lastMessage(), List.of(), 0, row.error(), false, null, 0, 0, null, List.of(), null, null, null,
        row.host(), null, null);
  }
}
