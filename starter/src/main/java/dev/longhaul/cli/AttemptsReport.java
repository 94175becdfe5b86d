package dev.longhaul.cli;

import dev.longhaul.contract.AttemptInspection;
import dev.longhaul.contract.DiffStats;
import dev.longhaul.git.AttemptRecord;
import dev.longhaul.git.Git;
import dev.longhaul.git.GitException;
import dev.longhaul.git.WorkspaceChanges;
import dev.longhaul.store.StoreReader;
import dev.longhaul.store.TaskOrigin;
import dev.longhaul.store.TaskRow;
import dev.longhaul.store.UsageRow;
import dev.longhaul.workflow.Attempts;
import dev.longhaul.workflow.Attempts.AttemptView;
import dev.longhaul.workflow.BestOf;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A best-of-N task's attempts as {@code status}, {@code watch} and {@code attempts} show them: the
 * parent's {@code attempts} query (outcome, check, pick) when its workflow runs, each attempt's own
 * status and step, and its tokens and cost from the store.
 *
 * @param attempts null when the task has no attempts
 */
record AttemptsReport(String taskId, Attempts attempts, List<Row> rows) {

  /**
   * @param outcome from the parent's review; null when its workflow is closed
   * @param status the attempt task's own status ({@code running}, {@code ended})
   * @param diff its diff stats, computed here when its workspace is on this machine, else the review's
   */
  record Row(int attempt, String taskId, String outcome, String status, int step, long tokens, Double costUsd,
      AttemptInspection inspection, DiffStats diff) {}

  /** The task's attempts; empty when it has none. */
  static Optional<AttemptsReport> of(Connection connection, String taskId, boolean diffs) {
    Tasks tasks = connection.tasks();
    Attempts attempts = null;
    Optional<WorkflowExecutionStatus> status = tasks.workflowStatus(taskId);
    if (status.isPresent() && status.get() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      attempts = tasks.workflow(taskId).attempts();
    }
    Optional<StoreReader> store = connection.store();
    List<Row> rows = new ArrayList<>();
    // From the query when the task runs; else the attempts the store has, ID.1 up to the first missing.
    int count = attempts != null ? attempts.attempts().size() : BestOf.MAX_ATTEMPTS;
    for (int n = 1; n <= count; n++) {
      String id = BestOf.attemptId(taskId, n);
      AttemptView view = attempts != null ? attempts.attempts().get(n - 1) : null;
      Optional<TaskRow> row = store.flatMap(s -> s.task(id));
      if (view == null && row.isEmpty()) break;
      List<UsageRow> usage = store.map(s -> s.usage(id)).orElse(List.of());
      long tokens = usage.stream().mapToLong(u -> u.input() + u.output()).sum();
      Double cost = usage.stream().anyMatch(u -> u.costMicros() == null) ? null
          : usage.stream().mapToLong(UsageRow::costMicros).sum() / 1e6;
      String own = row.map(TaskRow::status).orElse("starting");
      int step = row.map(TaskRow::step).orElse(0);
      AttemptInspection inspection = view == null ? null : view.inspection();
      DiffStats diff = diffs ? localDiff(connection, store, row).orElse(inspection == null ? null : inspection.diff())
          : inspection == null ? null : inspection.diff();
      rows.add(new Row(n, id, view == null ? null : view.outcome(), own, step, tokens, cost, inspection, diff));
    }
    if (attempts == null && rows.isEmpty()) return Optional.empty();
    return Optional.of(new AttemptsReport(taskId, attempts, rows));
  }

  /** An attempt can write files of any size; past this its diff is not read here, to count lines. */
  private static final long LOCAL_DIFF_LIMIT = 64L << 20;

  private static Optional<DiffStats> localDiff(Connection connection, Optional<StoreReader> store, Optional<TaskRow> row) {
    if (row.isEmpty() || row.get().workspace() == null || !Files.isDirectory(Path.of(row.get().workspace()))) {
      return Optional.empty();
    }
    String base = store.flatMap(s -> s.origin(row.get().taskId())).map(TaskOrigin::baseCommit).orElse(null);
    if (base == null) return Optional.empty();
    try {
      // Through the repository recorded when the attempt's workspace was made, not its .git.
      WorkspaceChanges changes = AttemptRecord.changesOf(Git.fromSystem(), Path.of(row.get().workspace()), base);
      return Optional.of(DiffStats.of(changes.diffUpTo(LOCAL_DIFF_LIMIT)));
    } catch (GitException | Git.OutputTooLarge e) {
      return Optional.empty(); // the workflow's inspection says how large it is
    }
  }

  /** The lines, each without a trailing newline. */
  List<String> lines() {
    List<String> out = new ArrayList<>();
    if (attempts != null) {
      StringBuilder head = new StringBuilder("attempts: ").append(attempts.phase().name().replace('_', ' '));
      if (attempts.picked() != null) head.append(" · picked ").append(attempts.picked()).append(" by the ").append(attempts.reviewer());
      out.add(head.toString());
      if (attempts.phase() == Attempts.Phase.awaiting_pick) {
        out.add("  waiting for your pick: longhaul pick " + taskId + " N [--reason TEXT]");
      }
    } else {
      out.add("attempts: (the task's workflow is closed; its review is in its transcript)");
    }
    for (Row r : rows) {
      StringBuilder line = new StringBuilder("  ").append(r.attempt()).append(". ").append(r.taskId()).append(" · ");
      if (r.outcome() != null && !r.outcome().equals(Attempts.RUNNING)) line.append(r.outcome()).append(" · ");
      line.append(r.status()).append(" · step ").append(r.step())
          .append(String.format(" · %,d tokens", r.tokens()));
      if (r.costUsd() != null) line.append(String.format(" · $%.4f", r.costUsd()));
      if (r.inspection() != null && r.inspection().checkExit() != null) {
        line.append(" · check ").append(r.inspection().checkPassed() ? "passed" : "failed (exit " + r.inspection().checkExit() + ")");
      }
      if (r.diff() != null) line.append(" · ").append(r.diff().summary());
      if (attempts != null && attempts.picked() != null && attempts.picked() == r.attempt()) line.append(" · picked");
      out.add(line.toString());
    }
    if (attempts != null && attempts.reasons() != null) out.add("  why: " + attempts.reasons());
    if (attempts != null && attempts.error() != null) out.add("  " + attempts.error());
    return out;
  }
}
