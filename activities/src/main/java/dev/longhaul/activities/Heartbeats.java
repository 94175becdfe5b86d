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

  Heartbeats(ActivityExecutionContext activity) {
    timer.scheduleAtFixedRate(() -> {
      try {
        activity.heartbeat(null);
      } catch (RuntimeException cancelledOrGone) {
        // the activity's own thread finds out when it next heartbeats or completes
      }
    }, 0, 2, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
