package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** How a task finished. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskResult(TaskStatus status, int turns, int steps, String lastMessage) {}
