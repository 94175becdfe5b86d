package dev.longhaul.store;

/**
 * One conversation item as stored.
 *
 * @param kind what the item is (its type; for a message, its role too)
 * @param raw the item's JSON exactly as the provider sent it, or as we built it
 */
public record Item(long seq, int turn, ItemKind kind, String raw, int tokens) {}
