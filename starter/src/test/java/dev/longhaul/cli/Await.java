package dev.longhaul.cli;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling, in real time, for what another process or thread does. */
final class Await {
  private Await() {}

  static void until(BooleanSupplier condition, Duration limit, String what) {
    value(() -> condition.getAsBoolean() ? true : null, limit, what);
  }

  /**
   * The probe's first non-null value. The probe may throw an {@link AssertionError} to give up
   * early (the process it waits for has died, say).
   */
  static <T> T value(Supplier<T> probe, Duration limit, String what) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) return value;
      if (System.nanoTime() > deadline) throw new AssertionError("gave up waiting for " + what + " after " + limit);
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
