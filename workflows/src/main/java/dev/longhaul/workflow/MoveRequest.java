package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Move the task's workspace to {@code host} (whose worker must be running). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MoveRequest(String host) {}
