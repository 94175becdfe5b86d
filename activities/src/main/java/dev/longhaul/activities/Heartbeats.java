package dev.longhaul.activities;

import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats on a timer while a blocking call runs, so that a call that sends nothing for a while
 * (a compaction answers only when done) is not taken for a dead worker.
 */
final class Heartbeats implements AutoCloseable {
  /**
   * The first beat comes after one interval, not at once: a call that ends sooner (most model
   * calls of a fast model) then costs no heartbeat, a round trip and a write on the server each;
   * two seconds are well inside the 10-second heartbeat timeout.
   */
  static final long INTERVAL_SECONDS = 2;

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heartbeat");
        t.setDaemon(true);
        return t;
      });

  private volatile RuntimeException stopped;
  private volatile Runnable onStop = () -> {};

  Heartbeats(ActivityExecutionContext activity) {
    timer.scheduleAtFixedRate(() -> {
      try {
        activity.heartbeat(null);
      } catch (RuntimeException cancelledOrGone) {
        if (stopped == null) {
          stopped = cancelledOrGone;
          onStop.run();
        }
      }
    }, INTERVAL_SECONDS, INTERVAL_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * What to do once a heartbeat learns the call was cancelled or given up on, such as closing its
   * connection, so that a model thinking in silence does not hold an interrupted turn.
   */
  void onStop(Runnable action) {
    onStop = action;
    if (stopped != null) action.run();
  }

  /**
   * Throws what a heartbeat learned (the call was cancelled, or Temporal gave up on this attempt):
   * the activity's own thread calls it at safe points, such as each streamed event.
   */
  void check() {
    RuntimeException e = stopped;
    if (e != null) throw e;
  }

  /**
   * Hooks for a model call: check on every event, and close the connection once a heartbeat
   * learns the call was cancelled.
   */
  dev.longhaul.model.CallHooks hooks() {
    return new dev.longhaul.model.CallHooks(this::check, this::onStop);
  }

  /**
   * Before an attempt stores what it got: throws if Temporal no longer counts it (it gave up on it
   * and retried it elsewhere), so that it does not overwrite its retry. A heartbeat is a round trip
   * and a write on the server, and the first one is sent at once, on this thread: for a fast model
   * that was the largest part of a step's cost. An attempt younger than half its heartbeat timeout
   * (and half its start-to-close timeout) cannot have been given up on, since the server's timers
   * start when the attempt does, before this worker saw it; it skips the check.
   *
   * @param startedNanos {@link System#nanoTime()} when the attempt began on this worker
   */
  static void checkStillCurrent(ActivityExecutionContext activity, long startedNanos) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
    Duration heartbeat = activity.getInfo().getHeartbeatTimeout();
    Duration startToClose = activity.getInfo().getStartToCloseTimeout();
    boolean young = !heartbeat.isZero() && elapsed.multipliedBy(2).compareTo(heartbeat) < 0
        && (startToClose.isZero() || elapsed.multipliedBy(2).compareTo(startToClose) < 0);
    if (!young) activity.heartbeat(null);
  }

  /** Stops the timer; a heartbeat already being sent finishes rather than being interrupted. */
  @Override
  public void close() {
    timer.shutdown();
  }
}
