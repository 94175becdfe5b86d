package dev.longhaul.tools;

import dev.longhaul.contract.PlanStep;
import java.util.List;

/**
 * The text a tool returns to the model.
 *
 * @param failed the call did not do what was asked (shown to the model either way)
 * @param plan the plan the call set, for the {@code progress} query; null for other tools
 */
public record ToolOutput(String text, boolean failed, List<PlanStep> plan) {
  public static ToolOutput ok(String text) {
    return new ToolOutput(text, false, null);
  }

  public static ToolOutput failed(String text) {
    return new ToolOutput(text, true, null);
  }
}
