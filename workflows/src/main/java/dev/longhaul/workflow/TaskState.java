package dev.longhaul.workflow;

import dev.longhaul.activity.ContextRef;
import dev.longhaul.activity.PlanStep;
import dev.longhaul.activity.Usage;
import java.util.List;

/**
 * All of a task's run state: exactly what continue-as-new carries to the next run. It holds
 * references and counters only, never transcript content, so it stays small however long the
 * task runs.
 *
 * @param context where the context starts (a checkpoint and the first item after it); its {@code
 *     toSeq} is the next sequence number to assign
 * @param queuedTurns follow-up messages not yet started
 */
public record TaskState(
    String workspace,
    String model,
    boolean searchAttributes,
    int turn,
    int step,
    ContextRef context,
    Usage usage,
    long contextTokens,
    String lastMessage,
    String lastTool,
    List<PlanStep> plan,
    List<String> queuedTurns) {}
