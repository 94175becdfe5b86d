package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Start a task from a stored context: its own (resume) or another task's (fork).
 *
 * @param checkpoint the checkpoint to start from; null for the latest one and every item after it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestoreRequest(String taskId, String sourceTaskId, Integer checkpoint) {}
