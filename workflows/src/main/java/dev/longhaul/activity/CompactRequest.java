package dev.longhaul.activity;

/**
 * Compact the context {@code context} of a task into checkpoint {@code checkpoint}.
 *
 * @param model the model to compact with; the worker's default when null
 */
public record CompactRequest(
    String taskId, int turn, ContextRef context, int checkpoint, String model, String workspace) {}
