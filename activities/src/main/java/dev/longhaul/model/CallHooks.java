package dev.longhaul.model;

import java.util.function.Consumer;

/**
 * What a caller lets a model call do while it runs.
 *
 * @param onEvent called as the response arrives (each streamed event); it heartbeats, and may
 *     throw to abandon the call, which then closes its connection
 * @param cancellation handed a way to abort the call from another thread, such as a heartbeat
 *     timer that learns the activity was cancelled; the call then fails as transient
 */
public record CallHooks(Runnable onEvent, Consumer<Runnable> cancellation) {
  public static CallHooks none() {
    return new CallHooks(() -> {}, cancel -> {});
  }

  /** Only an event callback: the call cannot be cancelled from another thread. */
  public static CallHooks onEvent(Runnable onEvent) {
    return new CallHooks(onEvent, cancel -> {});
  }
}
