package dev.longhaul.cli;

import dev.longhaul.git.AttemptRecord;
import dev.longhaul.git.Git;
import dev.longhaul.git.GitException;
import dev.longhaul.git.WorkspaceChanges;
import dev.longhaul.store.StoreReader;
import dev.longhaul.store.TaskOrigin;
import dev.longhaul.store.TaskRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A task's workspace as {@code diff} and {@code export} find it: on this machine, from the store.
 * Git runs where the workspace is, so these commands run on the host that holds it.
 */
record LocalWorkspace(TaskRow task, TaskOrigin origin, Path dir) {
  /** Fails with one line for an unknown task, or one whose workspace is not on this machine. */
  static LocalWorkspace of(StoreReader store, String taskId) {
    TaskRow task = store.task(taskId).orElseThrow(() -> new CliException("unknown task id: " + taskId));
    TaskOrigin origin = store.origin(taskId).orElse(TaskOrigin.none());
    Path dir = Path.of(task.workspace());
    if (!Files.isDirectory(dir)) {
      throw new CliException("the workspace of task " + taskId + " (" + dir
          + ") is not on this machine: run this on the host that holds it");
    }
    return new LocalWorkspace(task, origin, dir);
  }

  /** The task's changes since its base commit; fails with one line when it had none. */
  WorkspaceChanges changes(Git git) {
    if (origin.baseCommit() == null) {
      throw new CliException("the workspace of task " + task.taskId() + " (" + dir
          + ") was not a git repository when the task started: there is no commit to compare with");
    }
    // An attempt's workspace is read through the repository recorded when it was made, never
    // through its .git, which the attempt could have pointed at any directory.
    return AttemptRecord.changesOf(git, dir, origin.baseCommit());
  }

  /** The base commit, abbreviated as people read it. */
  String base() {
    return origin.baseCommit().substring(0, Math.min(12, origin.baseCommit().length()));
  }

  /** Runs {@code action}; a git failure becomes one line naming the task. */
  <T> T git(Supplier<T> action) {
    try {
      return action.get();
    } catch (GitException e) {
      throw new CliException("task " + task.taskId() + ": " + e.getMessage());
    }
  }
}
