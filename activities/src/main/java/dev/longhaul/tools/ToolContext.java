package dev.longhaul.tools;

/**
 * What a running tool call may use besides its arguments.
 *
 * @param onHeartbeat called by {@link #heartbeat()}; tools call that at least every few seconds during long work: it tells Temporal the worker
 *     is alive, and throws (an unchecked exception) when the call has been cancelled, for
 *     instance by an interrupt, so that the tool can stop what it started
 */
public record ToolContext(Workspace workspace, Runnable onHeartbeat) {
  public void heartbeat() {
    onHeartbeat.run();
  }
}
