package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Where a resumed or forked task takes its context from.
 *
 * @param sourceTaskId the task itself (resume) or another task (fork)
 * @param checkpoint that task's checkpoint; null for its latest and everything stored after it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestoreFrom(String sourceTaskId, Integer checkpoint) {}
