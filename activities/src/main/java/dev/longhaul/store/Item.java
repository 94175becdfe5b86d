package dev.longhaul.store;

/**
 * One conversation item as stored.
 *
 * @param kind the item's {@code type} (message, reasoning, function_call, function_call_output,
 *     compaction, …); for messages, {@code message:<role>}
 * @param raw the item's JSON exactly as the provider sent it, or as we built it
 */
public record Item(long seq, int turn, String kind, String raw, int tokens) {}
