package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A person's pick of a best-of-N task's attempt; {@code reason} may be null. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PickRequest(int attempt, String reason) {}
