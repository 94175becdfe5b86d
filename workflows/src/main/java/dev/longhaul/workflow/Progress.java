package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.longhaul.contract.PlanStep;
import java.util.List;

/**
 * What the {@code progress} query answers.
 *
 * @param lastTool summary of the most recent tool call, or null
 * @param lastMessage preview of the last assistant message, or null
 * @param cacheBreaks how many times the model or the tools changed, so a request could not reuse
 *     the cached prefix
 * @param costUsd the estimated cost so far; null when a model used has no price
 * @param error why the task failed or the last turn stopped, or null
 * @param approvals tool calls waiting for a person's answer, oldest first
 * @param sandbox the task's confinement in one line ({@code workspace-write, network off}); null
 *     before the task opened
 * @param approvalPolicy when the task asks a person ({@code on-request}); null likewise
 * @param budget the task's limits; null for none
 * @param host the host the task's workspace is on; null for a task from before hosts
 * @param snapshots the workspace snapshots in one line ({@code snapshots stopped: …} when they
 *     stopped); null before the first
 * @param moveError why the last move asked for failed; null otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Progress(
    TaskStatus status,
    String model,
    int turn,
    int step,
    String lastTool,
    Tokens tokens,
    String lastMessage,
    List<PlanStep> plan,
    int queuedTurns,
    int cacheBreaks,
    Double costUsd,
    String error,
    List<PendingApproval> approvals,
    String sandbox,
    String approvalPolicy,
    Budget budget,
    String host,
    String snapshots,
    String moveError) {

  /** Progress as answered before hosts. */
  public Progress(
      TaskStatus status, String model, int turn, int step, String lastTool, Tokens tokens,
      String lastMessage, List<PlanStep> plan, int queuedTurns, int cacheBreaks, Double costUsd,
      String error, List<PendingApproval> approvals, String sandbox, String approvalPolicy,
      Budget budget) {
    this(status, model, turn, step, lastTool, tokens, lastMessage, plan, queuedTurns, cacheBreaks,
        costUsd, error, approvals, sandbox, approvalPolicy, budget, null, null, null);
  }

  /** The share of input tokens the provider served from its prompt cache. */
  public double cacheHitRatio() {
    return tokens.input() == 0 ? 0 : (double) tokens.cached() / tokens.input();
  }
}
