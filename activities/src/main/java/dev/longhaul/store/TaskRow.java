package dev.longhaul.store;

import java.time.Instant;

/**
 * A task as the store knows it: enough for {@code longhaul list} without asking Temporal.
 *
 * @param host the host its workspace is on; null for a task from before hosts
 */
public record TaskRow(
    String taskId,
    String workspace,
    String title,
    String model,
    String status,
    int turn,
    int step,
    String lastMessage,
    String error,
    Instant created,
    Instant updated,
    String host) {}
