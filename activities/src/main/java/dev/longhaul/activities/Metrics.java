package dev.longhaul.activities;

import dev.longhaul.contract.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Longhaul's own measurements, recorded by the activities of one worker into a Micrometer
 * registry, which the worker serves beside the SDK's (README, "Metrics"). The names here are
 * Micrometer's: Prometheus shows {@code longhaul.tool.calls} as {@code longhaul_tool_calls_total}.
 *
 * <p>Each worker counts what it ran, once per completed activity attempt: an attempt retried after
 * it had already counted (its completion was lost) counts again, and one that dies with its worker
 * takes its counts with it. Sum the workers for the whole.
 */
public final class Metrics {
  /** How a tool call ended, as its {@code outcome} tag says. */
  public enum ToolOutcome {
    /** The tool ran and reported success. */
    ok,
    /** The tool ran, or could not start, and told the model it failed. */
    failed,
    /** Not run again after its worker was lost mid-call: its effects are unknown. */
    cut_off,
    /**
     * Not run: answered without running it (refused by the approval policy, denied by a person,
     * interrupted, or its activity failed for good).
     */
    refused
  }

  /** Why a sandbox stopped something, as the {@code reason} tag says. */
  public enum SandboxDenial {
    /** This worker cannot confine (bubblewrap does not work), so a confined task or call failed. */
    unavailable,
    /** The task's sandbox does not allow the call (apply_patch under read-only), so it did not run. */
    refused
  }

  /** Model calls run from well under a second to many minutes. */
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
    Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(2),
    Duration.ofMinutes(5), Duration.ofMinutes(10)
  };

  private final MeterRegistry registry;
  private final AtomicLong inputTokens = new AtomicLong();
  private final AtomicLong cachedTokens = new AtomicLong();

  private Metrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("longhaul.prompt.cache.hit.ratio", this, Metrics::cacheHitRatio)
        .description("Cached input tokens over all input tokens of this worker's model calls since it started")
        .strongReference(true)
        .register(registry);
    // Listed at zero from the start, so a dashboard's rate() has a series before the first one.
    for (String mode : List.of("local", "remote")) compactions(mode);
    for (SandboxDenial reason : SandboxDenial.values()) sandboxDenials(reason);
  }

  /** Records into {@code registry}. */
  public static Metrics on(MeterRegistry registry) {
    return new Metrics(registry);
  }

  /** Records nothing: a composite registry with no registry in it makes no-op meters. */
  public static Metrics none() {
    return new Metrics(new CompositeMeterRegistry());
  }

  /**
   * A model call that completed.
   *
   * @param call {@code sample} (a step) or {@code compaction}
   * @param costMicros its estimated cost in millionths of a dollar; negative when the model has no
   *     price, and then no cost is counted
   */
  void modelCall(String call, String model, Usage usage, long costMicros, long latencyMs) {
    if (call.equals("sample")) {
      Counter.builder("longhaul.steps").description("Model calls that sampled a step")
          .tag("model", model).register(registry).increment();
    }
    Timer.builder("longhaul.model.latency").description("Time from request to the response's end")
        .tags("call", call, "model", model).serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry).record(latencyMs, TimeUnit.MILLISECONDS);
    tokens(call, model, "input", usage.input());
    tokens(call, model, "cached", usage.cached());
    tokens(call, model, "output", usage.output());
    tokens(call, model, "reasoning", usage.reasoning());
    tokens(call, model, "cache_write", usage.cacheWrite());
    inputTokens.addAndGet(usage.input());
    cachedTokens.addAndGet(usage.cached());
    if (costMicros >= 0) {
      Counter.builder("longhaul.cost.usd").description("Estimated cost of model calls, in US dollars")
          .tags("call", call, "model", model).register(registry).increment(costMicros / 1e6);
    }
  }

  /** A compaction stored its checkpoint; {@code local}: summarised by the model, not the provider's endpoint. */
  void compaction(boolean local) {
    compactions(local ? "local" : "remote").increment();
  }

  /** @param tool a tool this worker knows, or {@code unknown}: the model names tools freely */
  void toolCall(String tool, ToolOutcome outcome) {
    Counter.builder("longhaul.tool.calls").description("Tool calls answered, by tool and outcome")
        .tags("tool", tool, "outcome", outcome.name()).register(registry).increment();
  }

  void sandboxDenial(SandboxDenial reason) {
    sandboxDenials(reason).increment();
  }

  /**
   * Reports, at each scrape, how many tasks wait for a person's approval. That is workflow state
   * (invariant 10), not something an activity sees: {@code waiting} reads the status the workflows
   * last recorded in the store, so every worker of one store reports the same number.
   */
  void tasksAwaitingApproval(LongSupplier waiting) {
    Gauge.builder("longhaul.tasks.awaiting.approval", waiting, Metrics::orNaN)
        .description("Tasks whose last recorded status is awaiting-approval, in the whole store")
        .strongReference(true)
        .register(registry);
  }

  private Counter compactions(String mode) {
    return Counter.builder("longhaul.compactions").description("Compactions, by who summarised")
        .tag("mode", mode).register(registry);
  }

  private Counter sandboxDenials(SandboxDenial reason) {
    return Counter.builder("longhaul.sandbox.denials")
        .description("Tasks and tool calls a sandbox stopped, by why")
        .tag("reason", reason.name()).register(registry);
  }

  private void tokens(String call, String model, String kind, long count) {
    Counter.builder("longhaul.tokens")
        .description("Tokens of model calls by kind; cached and reasoning are parts of input and output")
        .tags("call", call, "model", model, "kind", kind).register(registry).increment(count);
  }

  private double cacheHitRatio() {
    long input = inputTokens.get();
    return input == 0 ? Double.NaN : (double) cachedTokens.get() / input;
  }

  /** A scrape shows no value rather than fail when the store cannot be read. */
  private static double orNaN(LongSupplier supplier) {
    try {
      return supplier.getAsLong();
    } catch (RuntimeException storeUnavailable) {
      return Double.NaN;
    }
  }
}
