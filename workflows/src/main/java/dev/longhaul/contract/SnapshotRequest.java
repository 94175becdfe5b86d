package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Snapshot the task's workspace as snapshot {@code seq}.
 *
 * @param reason what the snapshot is for ({@code checkpoint 2}, {@code end}), stored with it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnapshotRequest(String taskId, String workspace, int seq, String reason) {}
