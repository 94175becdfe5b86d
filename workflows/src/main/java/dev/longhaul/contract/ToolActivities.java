package dev.longhaul.contract;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface ToolActivities {
  /**
   * Runs one tool call. A tool's own failure (bad arguments, non-zero exit, unknown tool) is
   * returned to the model as its output; this method fails only when the worker cannot do its
   * job, so that Temporal retries it.
   */
  ToolResult runTool(ToolRequest request);

  ToolResult abortTool(AbortTool request);
}
