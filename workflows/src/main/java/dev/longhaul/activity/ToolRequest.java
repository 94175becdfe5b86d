package dev.longhaul.activity;

/**
 * Run the tool call stored at {@code callSeq} in {@code workspace} and store its output at {@code
 * outputSeq}.
 */
public record ToolRequest(
    String taskId, int turn, String workspace, long callSeq, long outputSeq) {}
