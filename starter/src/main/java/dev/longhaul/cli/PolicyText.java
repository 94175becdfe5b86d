package dev.longhaul.cli;

import dev.longhaul.workflow.Budget;
import dev.longhaul.workflow.PendingApproval;
import dev.longhaul.workflow.Tokens;
import java.util.ArrayList;
import java.util.List;

/**
 * How a task's pending approvals, confinement and budget read in a terminal, for {@code status},
 * {@code watch} and {@code approvals} alike. Plain text, no I/O.
 */
final class PolicyText {
  private PolicyText() {}

  /**
   * A pending approval in a few lines: what it would run, where, why it asks, and the commands
   * that answer it.
   *
   * @param withTask whether the first line names the task (when listing several tasks' requests)
   */
  static List<String> approval(String taskId, PendingApproval a, long nowMillis, boolean withTask) {
    List<String> lines = new ArrayList<>();
    lines.add((withTask ? "task " + taskId + " · " : "") + "call " + a.callId() + " · " + a.tool()
        + " · asked " + Durations.ago(a.sinceMillis(), nowMillis)
        + (a.outsideSandbox() ? " · to run outside the sandbox" : ""));
    lines.add("  command: " + oneLine(a.command()));
    if (a.workdir() != null) lines.add("  workdir: " + a.workdir());
    if (a.reason() != null) lines.add("  reason:  " + oneLine(a.reason()));
    lines.add("  answer:  longhaul approve " + taskId + " " + a.callId()
        + "   or   longhaul deny " + taskId + " " + a.callId() + " [--reason TEXT]");
    return lines;
  }

  /** {@code sandbox: workspace-write, network off · approvals: on-request}; null when neither is known. */
  static String policy(String sandbox, String approvalPolicy) {
    if (sandbox == null && approvalPolicy == null) return null;
    List<String> parts = new ArrayList<>();
    if (sandbox != null) parts.add("sandbox: " + sandbox);
    if (approvalPolicy != null) parts.add("approvals: " + approvalPolicy);
    return String.join(" · ", parts);
  }

  /**
   * A budget's limits, with what is spent when known: {@code $0.0123 of $5.00 · 1,234 of 100,000
   * tokens · 2h from the start}; null when it has none.
   *
   * @param tokens the task's tokens so far, or null when unknown; {@code costUsd} likewise
   */
  static String budget(Budget budget, Tokens tokens, Double costUsd) {
    if (budget == null || budget.isUnlimited()) return null;
    List<String> parts = new ArrayList<>();
    if (budget.maxCostUsd() != null) {
      parts.add((costUsd == null ? "" : String.format("$%.4f of ", costUsd))
          + String.format("$%.2f", budget.maxCostUsd()));
    }
    if (budget.maxTokens() != null) {
      parts.add((tokens == null ? "" : String.format("%,d of ", tokens.input() + tokens.output()))
          + String.format("%,d tokens", budget.maxTokens()));
    }
    if (budget.maxDuration() != null) {
      parts.add(Durations.format(budget.maxDuration()) + " from the start");
    }
    return String.join(" · ", parts);
  }

  /** A multi-line command on one line, so that each approval keeps its shape. */
  private static String oneLine(String text) {
    return text == null ? "" : text.strip().replace("\r", "").replace("\n", " ⏎ ");
  }
}
