package dev.longhaul.cli;

import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskStatus;

/** How a command that followed a turn reports its end. */
final class Answers {
  private Answers() {}

  /** Prints the turn's answer on stdout (or its failure on stderr) and returns the exit code. */
  static int print(Cli cli, Tasks tasks, String taskId, Progress done) {
    if (done.status() == TaskStatus.failed) {
      cli.err().println("longhaul: task " + taskId + " failed: " + done.error());
      return 1;
    }
    if (done.error() != null) cli.note("longhaul: " + done.error());
    cli.out().println();
    cli.out().println(tasks.lastAnswer(taskId, done));
    return 0;
  }
}
