package dev.longhaul.workflow;

import dev.longhaul.contract.FailureType;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Timeouts and retry policies of the loop's steps. */
final class StepOptions {
  private StepOptions() {}

  /**
   * Long steps heartbeat every second or so; a worker that dies mid-step is noticed when its
   * heartbeats stop, within this timeout, and the step is retried elsewhere.
   */
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Sampling is retried without limit on transient faults (429, 5xx, network): a day-long task
   * should wait out a provider outage, not die of it. A rejected request is not retried.
   * Cancellation waits for the activity to stop so nothing is written after the turn ended.
   */
  static ActivityOptions model() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(20))
        .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofMinutes(2))
                .setDoNotRetry(FailureType.REQUEST_REJECTED.id())
                .build())
        .build();
  }

  /**
   * A tool's own errors are outputs, not failures, so a failing tool activity means the worker
   * could not run it (it died, the store was down). A few attempts, then the call is answered
   * with the failure.
   */
  static ActivityOptions tool() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofHours(2))
        .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumInterval(Duration.ofSeconds(30))
                .setMaximumAttempts(5)
                .build())
        .build();
  }

  /**
   * A compaction is one long model call. A few attempts for transient faults; past that the
   * workflow counts it as failed, and three failures in a row stop the turn.
   */
  static ActivityOptions compaction() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(20))
        .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
        // An interrupted compaction must have stopped before the next one reuses its number.
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumInterval(Duration.ofSeconds(30))
                .setMaximumAttempts(3)
                .setDoNotRetry(FailureType.REQUEST_REJECTED.id())
                .build())
        .build();
  }

  /**
   * Opening a task may clone its repository, which takes longer than bookkeeping: the clone has
   * its own time limit (ten minutes) inside this one, and heartbeats, so a worker that dies
   * mid-clone is noticed in seconds. A clone that fails is not retried (its failure type says so).
   */
  static ActivityOptions opening() {
    return ActivityOptions.newBuilder(bookkeeping())
        .setStartToCloseTimeout(Duration.ofMinutes(15))
        .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
        .build();
  }

  /**
   * Binding, snapshots and restores read and write a whole workspace (100 MB takes seconds), and
   * heartbeat as they go. A few attempts (a workspace missing on the worker that picked up the
   * binding may be on the one that picks up the next attempt); a snapshot that still fails is reported, not fatal.
   */
  static ActivityOptions workspace() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(30))
        .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumInterval(Duration.ofSeconds(30))
                .setMaximumAttempts(3)
                .build())
        .build();
  }

  /**
   * A read-only call run in the workflow's own worker. Read-only calls take milliseconds; one that
   * fails or takes over 20 s is not retried here but run again on its host's queue, with a tool's
   * timeouts, heartbeats and retries. The bound is short because a local activity cannot be
   * cancelled, and an interrupt waits for it.
   */
  static LocalActivityOptions toolHere() {
    return LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(20))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        // The call is in the store already; the marker needs only the result.
        .setDoNotIncludeArgumentsIntoMarker(true)
        .build();
  }

  static ActivityOptions bookkeeping() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumInterval(Duration.ofSeconds(30))
                .build())
        .build();
  }
}
