package dev.longhaul.store;

import java.time.Instant;

/**
 * A stored context a run can start from.
 *
 * @param reason {@code compaction}, {@code resume} or {@code fork}
 * @param fromSeq the first item of the task's transcript that follows this checkpoint
 * @param created null before it is stored
 */
public record Checkpoint(
    String taskId, int number, String reason, long fromSeq, int turn, long tokens, int itemCount,
    Instant created) {}
