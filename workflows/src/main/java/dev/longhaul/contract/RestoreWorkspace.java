package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Restore snapshot {@code seq} of the task (the baseline plus that snapshot's changes) into the
 * picking worker's workspace root.
 *
 * @param seq the last snapshot stored; null when there is none (the workspace starts empty)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestoreWorkspace(String taskId, Integer seq) {}
