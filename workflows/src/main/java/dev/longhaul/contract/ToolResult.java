package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The outcome of one tool call; its output is in the store at {@code outputSeq}.
 *
 * @param failed the tool reported an error to the model (the workflow carries on regardless)
 * @param plan the new plan when the tool set one, otherwise null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToolResult(
    long outputSeq, int tokens, boolean failed, String preview, List<PlanStep> plan) {}
