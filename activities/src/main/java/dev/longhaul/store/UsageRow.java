package dev.longhaul.store;

/**
 * One completed model call in the usage ledger.
 *
 * @param kind {@code sample} or {@code compaction}
 * @param costMicros millionths of a dollar; null for a model without a price
 */
public record UsageRow(
    String taskId, int turn, int step, String kind, String model, int attempt, long input,
    long cached, long output, long reasoning, long latencyMs, Long costMicros) {}
