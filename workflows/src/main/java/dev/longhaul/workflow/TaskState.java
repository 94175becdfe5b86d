package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.longhaul.contract.ApprovalPolicy;
import dev.longhaul.contract.ContextRef;
import dev.longhaul.contract.PlanStep;
import dev.longhaul.contract.PromptShape;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.contract.Usage;
import java.util.List;

/**
 * All of a task's run state, as continue-as-new carries it to the next run: the carried form of
 * {@link TaskRun}, which alone maps to and from it. It holds references and counters only, never
 * transcript content, so it stays small however long the task runs.
 *
 * <p>Like every record that crosses a workflow boundary it ignores fields it does not know: a
 * run started by an older or newer worker must still decode (Temporal's converter would fail).
 * Renamed fields keep their old names as aliases, so state carried by an older worker (and
 * recorded histories) still reads.
 *
 * @param compactLimit the context size at which the task compacts
 * @param midTurn the previous run stopped inside a turn (at a compaction); this run finishes it
 * @param context where the context starts (a checkpoint and the first item after it); its {@code
 *     toSeq} is the next sequence number to assign
 * @param compactionsWithoutRoom compactions since the last model call that found room in the
 *     context (the compaction breaker's count)
 * @param shape the model and tools of the last request, to notice when they change
 * @param costUnknown true once a model without a price has been used (absent, and so false, in
 *     state carried from before it existed)
 * @param queuedTurns follow-up messages not yet started
 * @param endRequested an {@code end} signal arrived: finish once idle
 * @param interruptReason an interrupt that arrived while the run was ending mid-turn, or null
 * @param status the status between turns ({@code idle} or {@code needs-attention}); null in state
 *     carried before it was, which reads as idle, or running when mid-turn
 * @param error why the last turn stopped, or null
 * @param sandbox the task's confinement as the worker resolved it; null before sandboxing
 * @param approval the task's approval policy as resolved; null before approvals
 * @param budget the task's limits; null for none
 * @param startedAtMillis workflow time the task started; 0 in state carried before budgets
 * @param approvals what waits for a person, answers not yet acted on, and commands approved for
 *     the task
 * @param batch the tool calls running or waiting when the run ended mid-turn; null otherwise
 * @param placement the task's host and snapshots; null (the shared queue) in state carried from
 *     before hosts
 * @param provider the task's provider; null in state carried from before providers (OpenAI
 *     Responses)
 * @param switchTo a provider a follow-up asked for, which the task switches to at its next step
 *     (after a compaction); null for none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskState(
    String workspace,
    String model,
    boolean searchAttributes,
    long compactLimit,
    int turn,
    int step,
    boolean midTurn,
    ContextRef context,
    Usage usage,
    long contextTokens,
    @JsonAlias("compactions") int compactionsWithoutRoom,
    PromptShape shape,
    int cacheBreaks,
    long costMicros,
    boolean costUnknown,
    String lastMessage,
    String lastTool,
    List<PlanStep> plan,
    List<TurnRequest> queuedTurns,
    boolean endRequested,
    String interruptReason,
    TaskStatus status,
    String error,
    SandboxPolicy sandbox,
    ApprovalPolicy approval,
    Budget budget,
    boolean rerunOnCrash,
    long startedAtMillis,
    Approvals.Carried approvals,
    BatchState batch,
    Placement placement,
    String provider,
    ProviderSwitch switchTo) {

  /** State as carried before providers. */
  public TaskState(
      String workspace, String model, boolean searchAttributes, long compactLimit, int turn, int step,
      boolean midTurn, ContextRef context, Usage usage, long contextTokens, int compactionsWithoutRoom,
      PromptShape shape, int cacheBreaks, long costMicros, boolean costUnknown, String lastMessage,
      String lastTool, List<PlanStep> plan, List<TurnRequest> queuedTurns, boolean endRequested,
      String interruptReason, TaskStatus status, String error, SandboxPolicy sandbox,
      ApprovalPolicy approval, Budget budget, boolean rerunOnCrash, long startedAtMillis,
      Approvals.Carried approvals, BatchState batch, Placement placement) {
    this(workspace, model, searchAttributes, compactLimit, turn, step, midTurn, context, usage,
        contextTokens, compactionsWithoutRoom, shape, cacheBreaks, costMicros, costUnknown, lastMessage,
        lastTool, plan, queuedTurns, endRequested, interruptReason, status, error, sandbox, approval,
        budget, rerunOnCrash, startedAtMillis, approvals, batch, placement, null, null);
  }

  /** State as carried before hosts. */
  public TaskState(
      String workspace, String model, boolean searchAttributes, long compactLimit, int turn, int step,
      boolean midTurn, ContextRef context, Usage usage, long contextTokens, int compactionsWithoutRoom,
      PromptShape shape, int cacheBreaks, long costMicros, boolean costUnknown, String lastMessage,
      String lastTool, List<PlanStep> plan, List<TurnRequest> queuedTurns, boolean endRequested,
      String interruptReason, TaskStatus status, String error, SandboxPolicy sandbox,
      ApprovalPolicy approval, Budget budget, boolean rerunOnCrash, long startedAtMillis,
      Approvals.Carried approvals, BatchState batch) {
    this(workspace, model, searchAttributes, compactLimit, turn, step, midTurn, context, usage,
        contextTokens, compactionsWithoutRoom, shape, cacheBreaks, costMicros, costUnknown, lastMessage,
        lastTool, plan, queuedTurns, endRequested, interruptReason, status, error, sandbox, approval,
        budget, rerunOnCrash, startedAtMillis, approvals, batch, null, null, null);
  }
}
