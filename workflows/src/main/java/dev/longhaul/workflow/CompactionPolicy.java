package dev.longhaul.workflow;

import java.util.Optional;

/**
 * When a task compacts, and the circuit breaker that keeps compaction from looping: three
 * compactions in a row that left no room (the context filled up again straight after each), or
 * three failed attempts at one, stop the turn for a person's attention. It decides; the workflow
 * runs the compaction. Plain state, carried across continue-as-new.
 */
final class CompactionPolicy {
  static final int BREAKER = 3;

  private final long limit;
  /** Compactions since the last model call that found room in the context. */
  private int withoutRoom;

  CompactionPolicy(long limit, int withoutRoom) {
    this.limit = limit;
    this.withoutRoom = withoutRoom;
  }

  long limit() {
    return limit;
  }

  int withoutRoom() {
    return withoutRoom;
  }

  /** Whether a context of this estimated size must be compacted before the next model call. */
  boolean due(long contextTokens) {
    return contextTokens >= limit;
  }

  /** A model call went through with this context: if it fit, the breaker resets. */
  void called(long contextTokens) {
    if (contextTokens < limit) withoutRoom = 0;
  }

  /** A new turn is a fresh start: the person may have narrowed the work. */
  void newTurn() {
    withoutRoom = 0;
  }

  void compacted() {
    withoutRoom++;
  }

  /** Why the turn must stop instead of compacting again ({@code why} it would), or empty. */
  Optional<String> refusal(String why) {
    if (withoutRoom < BREAKER) return Optional.empty();
    return Optional.of("the context filled up again straight after " + withoutRoom + " compactions ("
        + why + "); the work no longer fits in the model's window. Send a narrower instruction.");
  }

  /** Why the turn must stop after a compaction failed {@code failures} times, or empty. */
  static Optional<String> refusalAfterFailures(int failures, String lastError) {
    if (failures < BREAKER) return Optional.empty();
    return Optional.of("compaction failed " + failures + " times in a row: " + lastError);
  }
}
