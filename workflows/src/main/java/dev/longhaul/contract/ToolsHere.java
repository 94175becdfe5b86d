package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.temporal.activity.ActivityInterface;

/**
 * Read-only tool calls run as local activities: in the worker running the workflow task, with no
 * round trip through the server and no second workflow task for the step. Only a worker on the
 * host that holds the task's workspace runs one; any other says so, and the workflow sends the
 * call to that host's queue as before.
 */
@ActivityInterface
public interface ToolsHere {
  /** Runs the call when this worker's host holds the workspace and the call only reads. */
  Result runToolHere(Request request);

  /**
   * @param host the host holding the task's workspace; null for a task from before hosts, whose
   *     workspace any worker reaches
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Request(String host, ToolRequest call) {}

  /** @param result the call's result; null when it was not run here */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Result(ToolResult result) {
    public static Result notHere() {
      return new Result(null);
    }

    public boolean ranHere() {
      return result != null;
    }
  }
}
