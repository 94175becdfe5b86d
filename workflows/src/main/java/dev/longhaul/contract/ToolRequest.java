package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Run the tool call stored at {@code callSeq} in {@code workspace} and store its output at {@code
 * outputSeq}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToolRequest(
    String taskId, int turn, String workspace, long callSeq, long outputSeq) {}
