package dev.longhaul.activity;

/**
 * Start a task from a stored context: its own (resume) or another task's (fork).
 *
 * @param checkpoint the checkpoint to start from; null for the latest one and every item after it
 */
public record RestoreRequest(String taskId, String sourceTaskId, Integer checkpoint) {}
