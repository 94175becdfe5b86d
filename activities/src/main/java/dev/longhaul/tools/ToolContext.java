package dev.longhaul.tools;

import java.util.function.Consumer;

/**
 * What a running tool call may use besides its arguments.
 *
 * @param onHeartbeat called by {@link #heartbeat()}; tools call that at least every few seconds during long work: it tells Temporal the worker
 *     is alive, and throws (an unchecked exception) when the call has been cancelled, for
 *     instance by an interrupt, so that the tool can stop what it started
 * @param onProgress called by {@link #heartbeat(ToolProgress)}: a heartbeat that also carries what
 *     the call has done so far, for a later attempt to report if this one is lost
 */
public record ToolContext(Workspace workspace, Runnable onHeartbeat, Consumer<ToolProgress> onProgress) {
  /** A context whose heartbeats carry no progress. */
  public ToolContext(Workspace workspace, Runnable onHeartbeat) {
    this(workspace, onHeartbeat, progress -> onHeartbeat.run());
  }

  public void heartbeat() {
    onHeartbeat.run();
  }

  /** As {@link #heartbeat()}, carrying {@code progress}; a long mutating call sends these. */
  public void heartbeat(ToolProgress progress) {
    onProgress.accept(progress);
  }
}
