package dev.longhaul.store;

import java.time.Instant;

/**
 * One attempt of a mutating tool call, as the {@code tool_attempts} table records it.
 *
 * @param attempt Temporal's attempt number
 * @param worker the process that ran the attempt ({@code pid@host}, as Temporal names workers)
 * @param executed whether the attempt ran the call; false when it only answered for an earlier
 *     attempt that was cut off
 * @param finished when the attempt stored the call's output; null while it runs, and for good when
 *     it was lost
 * @param failed whether that output was marked failed; null until finished
 */
public record ToolAttempt(
    String id,
    String taskId,
    long outputSeq,
    String callId,
    int attempt,
    String worker,
    boolean executed,
    Instant started,
    Instant finished,
    Boolean failed) {

  /**
   * Whether the attempt ran the call and never stored its output. Seen from a later attempt, it
   * was cut off: its worker died, or Temporal gave up on it (it may even still be running).
   */
  public boolean leftUnfinished() {
    return executed && finished == null;
  }
}
