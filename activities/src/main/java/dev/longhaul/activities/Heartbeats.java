package dev.longhaul.activities;

import io.temporal.activity.ActivityExecutionContext;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats on a timer while a blocking call runs, so that a call that sends nothing for a while
 * (a compaction answers only when done) is not taken for a dead worker.
 */
final class Heartbeats implements AutoCloseable {
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
    }, 0, 2, TimeUnit.SECONDS);
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

  /** Stops the timer; a heartbeat already being sent finishes rather than being interrupted. */
  @Override
  public void close() {
    timer.shutdown();
  }
}
