package dev.longhaul.worker;

import dev.longhaul.store.HostStore;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks a host as seen in the store while its worker factory runs: how {@code longhaul move}
 * tells a live host from a dead one on a server that cannot list a queue's pollers (Temporal's
 * Java test server). A real server's {@code DescribeTaskQueue} answers first.
 */
final class HostHeartbeat {
  /** How often a running worker marks its host as seen. */
  static final Duration INTERVAL = Duration.ofSeconds(20);

  private static final Logger log = LoggerFactory.getLogger(HostHeartbeat.class);

  private HostHeartbeat() {}

  /** Until {@code factory} shuts down. */
  static void start(WorkerFactory factory, HostStore hosts, HostSettings host) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "host-heartbeat");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(() -> {
      if (factory.isShutdown() || factory.isTerminated()) {
        timer.shutdown();
        return;
      }
      try {
        hosts.seen(host.hostId(), host.workspaceRoot().toString());
      } catch (RuntimeException storeDown) {
        log.warn("could not mark host {} as seen: {}", host.hostId(), storeDown.getMessage());
      }
    }, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }
}
