package dev.longhaul.workflow;

import dev.longhaul.activity.PlanStep;
import java.util.List;

/**
 * What the {@code progress} query answers.
 *
 * @param lastTool summary of the most recent tool call, or null
 * @param lastMessage preview of the last assistant message, or null
 * @param error why the task failed or the last turn stopped, or null
 */
public record Progress(
    TaskStatus status,
    String model,
    int turn,
    int step,
    String lastTool,
    Tokens tokens,
    String lastMessage,
    List<PlanStep> plan,
    int queuedTurns,
    String error) {}
