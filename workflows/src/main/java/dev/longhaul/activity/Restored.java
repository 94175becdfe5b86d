package dev.longhaul.activity;

/** Where a restored task's context starts, and the counters it continues from. */
public record Restored(ContextRef context, int turn, int step, long tokens, String workspace) {}
