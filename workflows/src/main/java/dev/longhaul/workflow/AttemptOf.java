package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Marks a task as one attempt of a best-of-N task: it ends once its first turn has, and reports
 * how it ended to its parent as its result.
 *
 * @param host the parent's host, which holds this attempt's workspace; null for the shared queue
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AttemptOf(String parentTaskId, int attempt, String host) {}
