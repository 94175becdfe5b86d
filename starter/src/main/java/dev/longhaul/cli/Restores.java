package dev.longhaul.cli;

import dev.longhaul.store.StoreReader;
import dev.longhaul.store.TaskRow;

/** Checks shared by resume and fork, made before anything starts. */
final class Restores {
  private Restores() {}

  /** The source task's row; fails with one line for an unknown task or checkpoint. */
  static TaskRow source(Connection connection, String taskId, Integer checkpoint) {
    // The primary: the checkpoint to start from may have been written a moment ago (a compaction
    // that just ended the run), and a replica that has not caught up would refuse it.
    StoreReader store = connection.requirePrimaryStore();
    TaskRow row = store.task(taskId).orElseThrow(() -> new CliException("unknown task id: " + taskId));
    if (checkpoint != null && checkpoint != 0
        && store.checkpoints(taskId).stream().noneMatch(c -> c.number() == checkpoint)) {
      throw new CliException("task " + taskId + " has no checkpoint " + checkpoint
          + " (see: longhaul checkpoints " + taskId + ")");
    }
    return row;
  }
}
