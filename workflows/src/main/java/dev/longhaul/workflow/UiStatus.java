package dev.longhaul.workflow;

import dev.longhaul.contract.PlanStep;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.common.SearchAttributes;
import java.util.List;
import java.util.Objects;
import io.temporal.workflow.Workflow;

/** What the Temporal UI shows of a task while it runs. */
final class UiStatus {
  static final SearchAttributeKey<String> STATUS = SearchAttributeKey.forKeyword("LonghaulStatus");
  static final SearchAttributeKey<Long> TURN = SearchAttributeKey.forLong("LonghaulTurn");
  static final SearchAttributeKey<Long> TOKENS = SearchAttributeKey.forLong("LonghaulTokens");
  static final SearchAttributeKey<String> MODEL = SearchAttributeKey.forKeyword("LonghaulModel");
  static final SearchAttributeKey<String> WORKSPACE = SearchAttributeKey.forKeyword("LonghaulWorkspace");

  private UiStatus() {}

  /** Since version 1, an upsert carries only the attributes that changed, and none is made when none did. */
  static final String UNCHANGED_NOT_UPSERTED = "search-attributes-unchanged-not-upserted";

  /** Publishes {@code progress} as the workflow's current details and, when enabled, search attributes. */
  static void publish(Progress progress, String workspace, boolean searchAttributes) {
    publish(progress, workspace, searchAttributes, "");
  }

  /** As {@link #publish(Progress, String, boolean)}, with {@code more} (markdown) below the status. */
  static void publish(Progress progress, String workspace, boolean searchAttributes, String more) {
    Workflow.setCurrentDetails(markdown(progress) + more);
    if (!searchAttributes) return;
    List<SearchAttributeUpdate<?>> updates = List.of(
        STATUS.valueSet(progress.status().label()),
        TURN.valueSet((long) progress.turn()),
        TOKENS.valueSet(progress.tokens().input() + progress.tokens().output()),
        MODEL.valueSet(progress.model() == null ? "" : progress.model()),
        WORKSPACE.valueSet(workspace == null ? "" : workspace));
    // Each upsert is an event in history and a write to the server's visibility store, and a
    // tool's result changes none of these: half of a step's upserts were of unchanged values.
    if (Workflow.getVersion(UNCHANGED_NOT_UPSERTED, Workflow.DEFAULT_VERSION, 1) == 1) {
      SearchAttributes current = Workflow.getTypedSearchAttributes();
      updates = updates.stream().filter(u -> !Objects.equals(u.getValue().orElse(null), current.get(u.getKey()))).toList();
      if (updates.isEmpty()) return;
    }
    Workflow.upsertTypedSearchAttributes(updates.toArray(SearchAttributeUpdate<?>[]::new));
  }

  /** A short markdown status: turn, step, tokens, last tool, plan. */
  static String markdown(Progress p) {
    StringBuilder md = new StringBuilder();
    md.append("**").append(p.status().label()).append("** · turn ").append(p.turn())
        .append(" · step ").append(p.step()).append('\n');
    Tokens t = p.tokens();
    md.append("\ntokens: ").append(t.context()).append(" in context · ")
        .append(t.input()).append(" sent (").append(t.cached()).append(" cached) · ")
        .append(t.output()).append(" received\n");
    md.append("\ncache hits: ").append(Math.round(p.cacheHitRatio() * 100)).append("% of input")
        .append(p.cacheBreaks() > 0 ? " · " + p.cacheBreaks() + " cache breaks" : "")
        .append(p.costUsd() == null ? "" : String.format(" · about $%.2f", p.costUsd())).append('\n');
    if (p.sandbox() != null) {
      md.append("\nsandbox: ").append(p.sandbox()).append(" · approvals: ").append(p.approvalPolicy()).append('\n');
    }
    for (PendingApproval waiting : p.approvals()) {
      md.append("\n**waiting for approval** (call ").append(waiting.callId()).append("): `")
          .append(waiting.command().replace('`', '\'')).append("` in `").append(waiting.workdir())
          .append("`").append(waiting.outsideSandbox() ? ", outside the sandbox" : "")
          .append(" — ").append(waiting.reason()).append('\n');
    }
    if (p.lastTool() != null) md.append("\nlast tool: `").append(p.lastTool().replace('`', '\'')).append("`\n");
    if (p.error() != null) md.append("\n").append(p.error()).append('\n');
    if (!p.plan().isEmpty()) {
      md.append("\nplan:\n");
      for (PlanStep step : p.plan()) {
        String box = switch (step.status()) {
          case completed -> "[x]";
          case in_progress -> "[~]";
          case pending -> "[ ]";
        };
        md.append("- ").append(box).append(' ').append(step.step()).append('\n');
      }
    }
    return md.toString();
  }
}
