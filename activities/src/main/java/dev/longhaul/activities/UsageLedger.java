package dev.longhaul.activities;

import dev.longhaul.contract.Usage;
import dev.longhaul.model.Pricing;
import dev.longhaul.store.UsageRow;
import dev.longhaul.store.UsageStore;
import java.util.OptionalLong;

/** Writes a row per completed model call, priced, to the usage ledger, and counts it in the metrics. */
final class UsageLedger {
  private final UsageStore store;
  private final Pricing pricing;
  private final Metrics metrics;

  UsageLedger(UsageStore store, Pricing pricing, Metrics metrics) {
    this.store = store;
    this.pricing = pricing;
    this.metrics = metrics;
  }

  /**
   * Records the call and returns its estimated cost in millionths of a dollar, or -1 when the
   * model has no price.
   *
   * @param kind {@code sample} or {@code compaction}
   */
  long record(String taskId, int turn, int step, String kind, String model, int attempt, Usage usage,
      long latencyMs) {
    OptionalLong cost = pricing.costMicros(model, usage);
    store.recordUsage(new UsageRow(taskId, turn, step, kind, model, attempt, usage.input(),
        usage.cached(), usage.output(), usage.reasoning(), latencyMs,
        cost.isPresent() ? cost.getAsLong() : null, usage.cacheWrite()));
    metrics.modelCall(kind, model, usage, cost.orElse(-1), latencyMs);
    return cost.orElse(-1);
  }
}
