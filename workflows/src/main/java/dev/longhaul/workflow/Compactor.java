package dev.longhaul.workflow;

import dev.longhaul.contract.CompactRequest;
import dev.longhaul.contract.CompactResult;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/**
 * When a task compacts, and the circuit breaker that keeps compaction from looping: three
 * compactions in a row that failed, or that left no room (the context filled up again straight
 * after each), stop the turn for a person's attention.
 */
final class Compactor {
  static final int BREAKER = 3;
  private static final Logger log = Workflow.getLogger(Compactor.class);

  private final long limit;
  /** Compactions since the last model call that found room; carried across continue-as-new. */
  private int withoutRoom;

  Compactor(long limit, int withoutRoom) {
    this.limit = limit;
    this.withoutRoom = withoutRoom;
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

  int withoutRoom() {
    return withoutRoom;
  }

  /**
   * Runs the compaction activity, up to {@link #BREAKER} times if it fails.
   *
   * @throws NeedsAttention when the breaker trips
   */
  CompactResult compact(CompactRequest request, String why) {
    if (withoutRoom >= BREAKER) {
      throw new NeedsAttention(
          "the context filled up again straight after " + withoutRoom + " compactions (" + why
              + "); the work no longer fits in the model's window. Send a narrower instruction.");
    }
    log.info("compacting: {}", why);
    for (int failures = 0; ; ) {
      try {
        CompactResult result =
            Steps.compaction("compaction · checkpoint " + request.checkpoint() + " · turn " + request.turn())
                .compact(request);
        withoutRoom++;
        return result;
      } catch (ActivityFailure e) {
        if (Steps.isCancellation(e)) throw e;
        if (++failures >= BREAKER) {
          throw new NeedsAttention(
              "compaction failed " + failures + " times in a row: " + Steps.rootMessage(e));
        }
      }
    }
  }
}
