package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Run the tool call stored at {@code callSeq} in {@code workspace} and store its output at {@code
 * outputSeq}.
 *
 * @param sandbox how the call is confined; null (a run scheduled before sandboxing existed) for
 *     the worker's default, never for no confinement
 * @param escalated a person approved running this call outside the sandbox
 * @param rerunOnCrash run a mutating call again when its earlier attempt was lost with its
 *     worker (at-least-once); otherwise the model is told the call was cut off
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToolRequest(
    String taskId, int turn, String workspace, long callSeq, long outputSeq,
    SandboxPolicy sandbox, boolean escalated, boolean rerunOnCrash) {

  /** A call under the worker's default sandbox. */
  public ToolRequest(String taskId, int turn, String workspace, long callSeq, long outputSeq) {
    this(taskId, turn, workspace, callSeq, outputSeq, null, false, false);
  }
}
