package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Compact the context {@code context} of a task into checkpoint {@code checkpoint}.
 *
 * @param model the model to compact with; the worker's default when null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CompactRequest(
    String taskId, int turn, ContextRef context, int checkpoint, String model, String workspace) {}
