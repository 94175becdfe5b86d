package dev.longhaul.cli;

import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskStatus;
import dev.longhaul.workflow.Tokens;
import java.util.Objects;
import java.util.function.Predicate;

/** Follows a task's progress, printing a line on stderr whenever it moves. */
final class Watcher {
  private static final long POLL_MILLIS = 250;

  private final Cli cli;
  private final Tasks tasks;

  Watcher(Cli cli, Tasks tasks) {
    this.cli = cli;
    this.tasks = tasks;
  }

  /** Waits until the task has finished {@code turn} or stopped, and returns its progress. */
  Progress untilTurnEnds(String taskId, int turn) {
    return until(taskId, p -> p.status() != TaskStatus.running && p.turn() >= turn && p.queuedTurns() == 0);
  }

  /** Waits until the task is idle with nothing queued, or has stopped. */
  Progress untilIdle(String taskId) {
    return until(taskId, p -> p.status() != TaskStatus.running && p.queuedTurns() == 0);
  }

  private Progress until(String taskId, Predicate<Progress> done) {
    Progress last = null;
    while (true) {
      Progress now = tasks.progress(taskId);
      printChange(last, now);
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
    if (now.status() != TaskStatus.running) line.append(" · ").append(now.status());
    line.append(" · ").append(tokens(now.tokens()))
        .append(String.format(" · %.0f%% cached", now.cacheHitRatio() * 100));
    if (now.costUsd() != null) line.append(String.format(" · $%.4f", now.costUsd()));
    cli.note(line.toString());
  }

  static String tokens(Tokens t) {
    return String.format("%,d tokens in context, %,d sent (%,d cached), %,d received",
        t.context(), t.input(), t.cached(), t.output());
  }
}
