package dev.longhaul.cli;

import dev.longhaul.workflow.Attempts;
import dev.longhaul.workflow.PendingApproval;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskStatus;
import dev.longhaul.workflow.Tokens;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Follows a task's progress, printing a line on stderr whenever it moves, and each tool call that
 * starts waiting for approval with the commands that answer it. A turn waiting for approval has
 * not ended: the watcher waits with it.
 */
final class Watcher {
  private static final long POLL_MILLIS = 250;

  private final Cli cli;
  private final Tasks tasks;
  private final boolean inProcess;

  Watcher(Cli cli, Tasks tasks) {
    this(cli, tasks, false);
  }

  /**
   * @param inProcess whether the task runs inside this command: then no other command can answer
   *     an approval, and the watcher gives up on the first one instead of waiting forever
   */
  Watcher(Cli cli, Tasks tasks, boolean inProcess) {
    this.cli = cli;
    this.tasks = tasks;
    this.inProcess = inProcess;
  }

  /** Waits until the task has finished {@code turn} or stopped, and returns its progress. */
  Progress untilTurnEnds(String taskId, int turn) {
    return until(taskId, p -> !busy(p.status()) && p.turn() >= turn && p.queuedTurns() == 0);
  }

  /**
   * Waits until the task is idle with nothing queued, or has stopped. Idle at turn 0 is a task
   * whose first turn has not begun (it is still being opened), not one that is done.
   */
  Progress untilIdle(String taskId) {
    return until(taskId, p -> !busy(p.status()) && p.queuedTurns() == 0
        && !(p.status() == TaskStatus.idle && p.turn() == 0));
  }

  private static boolean busy(TaskStatus status) {
    return status.inTurn();
  }

  private Progress until(String taskId, Predicate<Progress> done) {
    Progress last = null;
    while (true) {
      Progress now = tasks.progress(taskId);
      printChange(last, now);
      printNewApprovals(taskId, last, now);
      printAttempts(taskId, now);
      if (done.test(now)) return now;
      last = now;
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException("interrupted");
      }
    }
  }

  private void printChange(Progress before, Progress now) {
    boolean moved =
        before == null
            || before.step() != now.step()
            || before.turn() != now.turn()
            || !Objects.equals(before.lastTool(), now.lastTool())
            || before.status() != now.status();
    if (!moved || now.turn() == 0) return; // turn 0: the first turn has not started yet
    StringBuilder line = new StringBuilder("  turn ").append(now.turn()).append(" · step ").append(now.step());
    if (now.status() == TaskStatus.running && now.lastTool() != null) line.append(" · ").append(now.lastTool());
    if (now.status() != TaskStatus.running) line.append(" · ").append(now.status().label());
    line.append(" · ").append(tokens(now.tokens()))
        .append(String.format(" · %.0f%% cached", now.cacheHitRatio() * 100));
    if (now.costUsd() != null) line.append(String.format(" · $%.4f", now.costUsd()));
    cli.note(line.toString());
  }

  private String lastAttempts;
  private boolean noAttempts;

  /** A best-of-N task's attempts, each time one of them (or the review) moves on. */
  private void printAttempts(String taskId, Progress now) {
    // Attempts are a task's first turn; other turns (and other tasks) cost no extra query.
    if (now.turn() != 1 || noAttempts) return;
    Attempts attempts = tasks.workflow(taskId).attempts();
    if (attempts == null) {
      noAttempts = !now.status().inTurn();
      return;
    }
    String shown = attempts.phase().name().replace('_', ' ') + " · " + String.join(", ", attempts.attempts().stream()
        .map(a -> a.attempt() + " " + a.outcome()
            + (a.inspection() == null || a.inspection().checkExit() == null ? ""
                : a.inspection().checkPassed() ? " (check passed)" : " (check failed)"))
        .toList()) + (attempts.picked() == null ? "" : " · picked " + attempts.picked());
    if (shown.equals(lastAttempts)) return;
    lastAttempts = shown;
    cli.note("  attempts: " + shown);
    if (attempts.phase() == Attempts.Phase.awaiting_pick) {
      cli.note("    waiting for your pick: longhaul pick " + taskId + " N [--reason TEXT] (see: longhaul attempts " + taskId + ")");
    }
  }

  /** Each approval that was not pending at the last poll, in full: it is what the task waits for. */
  private void printNewApprovals(String taskId, Progress before, Progress now) {
    List<PendingApproval> earlier = before == null || before.approvals() == null ? List.of() : before.approvals();
    for (PendingApproval approval : now.approvals() == null ? List.<PendingApproval>of() : now.approvals()) {
      if (earlier.stream().anyMatch(a -> a.callId().equals(approval.callId()))) continue;
      if (inProcess) {
        throw new CliException("task " + taskId + " waits for approval of call " + approval.callId()
            + " (" + approval.command() + "), but it runs inside this command, where nothing can answer:"
            + " start `longhaul dev` and `longhaul resume " + taskId + "`");
      }
      cli.note("  waiting for approval:");
      PolicyText.approval(taskId, approval, System.currentTimeMillis(), false).forEach(l -> cli.note("    " + l));
    }
  }

  static String tokens(Tokens t) {
    return String.format("%,d tokens in context, %,d sent (%,d cached), %,d received",
        t.context(), t.input(), t.cached(), t.output());
  }
}
