package dev.longhaul.workflow;

/** How a task finished. */
public record TaskResult(TaskStatus status, int turns, int steps, String lastMessage) {}
