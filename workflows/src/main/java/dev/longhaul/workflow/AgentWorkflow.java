package dev.longhaul.workflow;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One agent task. It runs the first prompt as turn 1, then waits for follow-up turns until it is
 * ended or has been idle for its idle timeout.
 */
@WorkflowInterface
public interface AgentWorkflow {
  String TASK_QUEUE = "longhaul";

  @WorkflowMethod
  TaskResult run(TaskInput input);

  /** A follow-up user message. Queued when a turn is running; starts the next turn. */
  @SignalMethod
  void submitTurn(TurnRequest request);

  /**
   * Stops the current turn at once: a running tool is cancelled (a shell command's process is
   * killed) and the turn ends with the reason recorded. Ignored when no turn is running.
   */
  @SignalMethod
  void interrupt(InterruptRequest request);

  /**
   * Moves the task's workspace to another host at its next step (at once when idle): a snapshot
   * on the current host, restored on the target's. Ignored by a task from before hosts.
   */
  @SignalMethod
  void move(MoveRequest request);

  /** Finishes the task once the turns already submitted are done. */
  @SignalMethod
  void end(EndRequest request);

  /**
   * Answers a pending approval: the call runs (approved) or is answered with the denial. An
   * Update, not a signal, so that an answer that cannot apply is refused to the caller.
   */
  @UpdateMethod
  ApprovalAnswered answerApproval(ApprovalAnswer answer);

  /**
   * Refuses, with a one-line message, an answer when nothing is pending, when the call id is
   * unknown or already answered, or when no call id is given and several are pending.
   */
  @UpdateValidatorMethod(updateName = "answerApproval")
  void validateApprovalAnswer(ApprovalAnswer answer);

  /**
   * Picks the attempt of a best-of-N task whose review waits for a person ({@code --review
   * human}). An Update, so that a pick that cannot apply is refused to the caller.
   */
  @UpdateMethod
  PickAnswered pick(PickRequest pick);

  /**
   * Refuses, with a one-line message, a pick when no review waits for one, of an attempt that does
   * not exist, or of one that failed or timed out.
   */
  @UpdateValidatorMethod(updateName = "pick")
  void validatePick(PickRequest pick);

  /** A best-of-N task's attempts and review; null for an ordinary task. */
  @QueryMethod
  Attempts attempts();

  @QueryMethod
  Progress progress();
}
