package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Answer the tool call at {@code callSeq} with {@code reason} instead of its output, so that every
 * call in the transcript has exactly one output even when it was interrupted or could not run.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AbortTool(String taskId, int turn, long callSeq, long outputSeq, String reason) {}
