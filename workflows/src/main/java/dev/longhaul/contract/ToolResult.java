package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The outcome of one tool call; its output is in the store at {@code outputSeq}.
 *
 * @param failed the tool reported an error to the model (the workflow carries on regardless)
 * @param plan the new plan when the tool set one, otherwise null
 * @param cutOff the call was not run again after its worker was lost mid-call: its effects are
 *     unknown (never a reason to offer running it again)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToolResult(
    long outputSeq, int tokens, boolean failed, String preview, List<PlanStep> plan, boolean cutOff) {
  public ToolResult(long outputSeq, int tokens, boolean failed, String preview, List<PlanStep> plan) {
    this(outputSeq, tokens, failed, preview, plan, false);
  }

  /** The same result, for a call that was cut off with its worker. */
  public ToolResult asCutOff() {
    return new ToolResult(outputSeq, tokens, failed, preview, plan, true);
  }
}
