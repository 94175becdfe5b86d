package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** An accepted pick, for the client to confirm. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PickAnswered(int attempt, String attemptTaskId) {}
