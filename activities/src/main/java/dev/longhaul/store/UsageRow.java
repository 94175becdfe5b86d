package dev.longhaul.store;

/**
 * One completed model call in the usage ledger.
 *
 * @param kind {@code sample} or {@code compaction}
 * @param costMicros millionths of a dollar; null for a model without a price
 * @param cacheWrite input tokens written to the provider's prompt cache (Anthropic's), billed above
 *     the input price; 0 for providers that cache implicitly
 */
public record UsageRow(
    String taskId, int turn, int step, String kind, String model, int attempt, long input,
    long cached, long output, long reasoning, long latencyMs, Long costMicros, long cacheWrite) {

  /** A call that wrote nothing to a prompt cache. */
  public UsageRow(
      String taskId, int turn, int step, String kind, String model, int attempt, long input,
      long cached, long output, long reasoning, long latencyMs, Long costMicros) {
    this(taskId, turn, step, kind, model, attempt, input, cached, output, reasoning, latencyMs, costMicros, 0);
  }
}
