package dev.longhaul.cli;

import dev.longhaul.store.TaskRow;
import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.PickAnswered;
import dev.longhaul.workflow.PickRequest;
import dev.longhaul.workflow.ApprovalAnswer;
import dev.longhaul.workflow.ApprovalAnswered;
import dev.longhaul.workflow.Progress;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;

/** The operations on one task that several commands share. */
final class Tasks {
  private final Connection connection;

  Tasks(Connection connection) {
    this.connection = connection;
  }

  AgentWorkflow workflow(String taskId) {
    return connection.client().newWorkflowStub(AgentWorkflow.class, taskId);
  }

  /** Whether the task's workflow is open, closed, or unknown to the server (empty). */
  Optional<WorkflowExecutionStatus> workflowStatus(String taskId) {
    try {
      return Optional.of(
          connection.client().newUntypedWorkflowStub(taskId).describe().getStatus());
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Fails for an attempt of a best-of-N task (a child workflow): it plays one turn and ends, so a
   * follow-up sent to it would be accepted and then lost.
   */
  void refuseAttempt(String taskId) {
    String parent;
    try {
      var info = connection.client().newUntypedWorkflowStub(taskId).describe().getRawDescription().getWorkflowExecutionInfo();
      if (!info.hasParentExecution()) return;
      parent = info.getParentExecution().getWorkflowId();
    } catch (WorkflowNotFoundException unknown) {
      return; // the caller says so
    }
    String n = taskId.startsWith(parent + ".") ? taskId.substring(parent.length() + 1) : "N";
    throw new CliException(taskId + " is attempt " + n + " of " + parent + ", which takes no follow-ups: pick it"
        + " (longhaul pick " + parent + " " + n + ") and send to " + parent);
  }

  /** The progress of a running task; fails with one line when there is none. */
  Progress progress(String taskId) {
    requireRunning(taskId);
    return workflow(taskId).progress();
  }

  /** What {@code status} shows: the live progress, else the store's last record. */
  TaskView view(String taskId) {
    Optional<WorkflowExecutionStatus> status = workflowStatus(taskId);
    if (status.isPresent() && status.get() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return TaskView.of(taskId, workflow(taskId).progress()).retrying(retrying(taskId));
    }
    // A closed task's last record: from a replica it may be a moment behind, which a status can be.
    Optional<TaskRow> row = connection.store().flatMap(s -> s.task(taskId));
    if (row.isPresent()) return TaskView.of(row.get());
    if (status.isPresent()) {
      // Closed, and no store to read: Temporal can still answer the query by replay.
      return TaskView.of(taskId, workflow(taskId).progress());
    }
    // Neither had it when asked. Not unknown(), which reads the store again: a task starting just
    // now may have written its row since, and would be reported as lost from the server.
    throw unknownId(taskId);
  }

  /**
   * The step Temporal is retrying, with its attempt and last failure (a provider answering 429 or
   * 500, an unreachable model), or null when no step has failed.
   */
  private String retrying(String taskId) {
    var pending =
        connection.client().newUntypedWorkflowStub(taskId).describe().getRawDescription()
            .getPendingActivitiesList();
    for (var activity : pending) {
      if (activity.getAttempt() > 1 && activity.hasLastFailure()) {
        return activity.getActivityType().getName() + " attempt " + activity.getAttempt() + ": "
            + activity.getLastFailure().getMessage();
      }
    }
    return null;
  }

  /** Fails unless the task's workflow is open: signals to a closed one would be lost. */
  void requireRunning(String taskId) {
    Optional<WorkflowExecutionStatus> status = workflowStatus(taskId);
    if (status.isEmpty()) throw unknown(taskId);
    if (status.get() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      // The primary: the workflow recorded why just before it closed; a replica may not have it yet.
      String why = connection.primaryStore().flatMap(st -> st.task(taskId)).map(TaskRow::error).orElse(null);
      throw new CliException("task " + taskId + " has " + closedAs(status.get()) + (why == null ? "" : ": " + why));
    }
  }

  /**
   * Answers one of the task's pending approvals through its {@code answerApproval} update. An
   * answer the workflow refuses (nothing pending, an unknown or answered call, no call id while
   * several are pending), an unknown task and a closed one each fail with one line.
   */
  ApprovalAnswered answerApproval(String taskId, ApprovalAnswer answer) {
    return update(taskId, workflow -> workflow.answerApproval(answer));
  }

  /**
   * Picks an attempt of a best-of-N task through its {@code pick} update. A pick the workflow
   * refuses (no review waits, no such attempt, one that cannot be picked), an unknown task and a
   * closed one each fail with one line.
   */
  PickAnswered pick(String taskId, PickRequest pick) {
    return update(taskId, workflow -> workflow.pick(pick));
  }

  /** Sends an update to a running task; a refusal fails with the validator's one line. */
  private <T> T update(String taskId, java.util.function.Function<AgentWorkflow, T> update) {
    requireRunning(taskId);
    try {
      return update.apply(workflow(taskId));
    } catch (WorkflowException e) {
      // The workflow may have closed or gone since the check above: that says it best.
      requireRunning(taskId);
      throw new CliException("task " + taskId + ": " + reason(e));
    }
  }

  /**
   * The one line a refusal carries: the message the workflow's validator threw, or the server's
   * status description; never the SDK's wrapping of it.
   */
  static String reason(Throwable e) {
    String reason = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure failure) return failure.getOriginalMessage();
      if (t instanceof StatusRuntimeException status && status.getStatus().getDescription() != null) {
        reason = status.getStatus().getDescription();
      }
    }
    return reason == null ? e.getClass().getSimpleName() : reason.lines().findFirst().orElse("");
  }

  /** The full text of the task's last answer, from the store; the preview when there is none. */
  String lastAnswer(String taskId, Progress progress) {
    // A best-of-N task's first turn has the picked attempt's answer, in that attempt's transcript.
    String answering = taskId;
    if (progress.turn() == 1 && progress.status() == dev.longhaul.workflow.TaskStatus.idle) {
      try {
        var attempts = workflow(taskId).attempts();
        if (attempts != null && attempts.picked() != null) answering = dev.longhaul.workflow.BestOf.attemptId(taskId, attempts.picked());
      } catch (WorkflowException | io.grpc.StatusRuntimeException closedMeanwhile) {
        // Its own transcript's answer, then.
      }
    }
    String from = answering;
    // The primary: the turn's activity stored the answer just before the turn ended, and a replica
    // a moment behind would print the previous turn's answer (or none).
    return connection.primaryStore()
        .flatMap(s -> Transcripts.lastAssistantText(s, from))
        .orElse(progress.lastMessage() == null ? "" : progress.lastMessage());
  }

  /**
   * Fails when a task with this id exists. Reads the primary: a task started a moment ago may not
   * be on a replica yet, and a second workflow over one transcript must never start.
   */
  void requireNewId(String id) {
    if (connection.primaryStore().flatMap(s -> s.task(id)).isPresent()) {
      throw new CliException("a task with id " + id + " already exists");
    }
  }

  CliException unknown(String taskId) {
    Optional<TaskRow> row = connection.store().flatMap(s -> s.task(taskId));
    if (row.isPresent()) {
      return new CliException(
          "task " + taskId + " is in the store but its workflow is not on the Temporal server at "
              + connection.endpoints().address());
    }
    return unknownId(taskId);
  }

  private static CliException unknownId(String taskId) {
    return new CliException("unknown task id: " + taskId);
  }

  static String closedAs(WorkflowExecutionStatus status) {
    return switch (status) {
      case WORKFLOW_EXECUTION_STATUS_COMPLETED -> "ended";
      case WORKFLOW_EXECUTION_STATUS_FAILED -> "failed";
      case WORKFLOW_EXECUTION_STATUS_CANCELED -> "been cancelled";
      case WORKFLOW_EXECUTION_STATUS_TERMINATED -> "been terminated";
      case WORKFLOW_EXECUTION_STATUS_TIMED_OUT -> "timed out";
      case WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW -> "continued as new";
      default -> "stopped (" + status + ")";
    };
  }

  static WorkflowStub untyped(AgentWorkflow workflow) {
    return WorkflowStub.fromTyped(workflow);
  }
}
