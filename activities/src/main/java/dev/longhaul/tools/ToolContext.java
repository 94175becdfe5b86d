package dev.longhaul.tools;

import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.tools.sandbox.Sandbox;
import java.util.function.Consumer;

/**
 * What a running tool call may use besides its arguments.
 *
 * @param onHeartbeat called by {@link #heartbeat()}; tools call that at least every few seconds
 *     during long work: it tells Temporal the worker is alive, and throws (an unchecked
 *     exception) when the call has been cancelled, for instance by an interrupt, so that the tool
 *     can stop what it started
 * @param onProgress called by {@link #heartbeat(ToolProgress)}: a heartbeat that also carries what
 *     the call has done so far, for a later attempt to report if this one is lost
 * @param sandbox how this worker starts a command
 * @param policy how the task's calls are confined
 * @param escalated a person approved running this call outside the sandbox
 */
public record ToolContext(
    Workspace workspace, Runnable onHeartbeat, Consumer<ToolProgress> onProgress, Sandbox sandbox,
    SandboxPolicy policy, boolean escalated) {

  /** A context whose heartbeats carry no progress. */
  public ToolContext(
      Workspace workspace, Runnable onHeartbeat, Sandbox sandbox, SandboxPolicy policy, boolean escalated) {
    this(workspace, onHeartbeat, progress -> onHeartbeat.run(), sandbox, policy, escalated);
  }

  public void heartbeat() {
    onHeartbeat.run();
  }

  /** As {@link #heartbeat()}, carrying {@code progress}; a long mutating call sends these. */
  public void heartbeat(ToolProgress progress) {
    onProgress.accept(progress);
  }

  /** The mode this call runs in: the task's, or danger-full-access for an escalated call. */
  public SandboxMode mode() {
    return escalated ? SandboxMode.DANGER_FULL_ACCESS : policy.mode();
  }
}
