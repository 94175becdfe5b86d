package dev.longhaul.store;

import java.util.List;
import java.util.Optional;

/**
 * The store as the command line sees it: it reads tasks, transcripts, checkpoints and usage, and
 * writes nothing. What a command changes (a new task, a turn, a resume) goes through the task's
 * workflow, whose activities are the store's only writers.
 */
public final class StoreReader {
  private final Store store;

  public StoreReader(Database db) {
    this.store = new Store(db);
  }

  public Optional<TaskRow> task(String taskId) {
    return store.tasks().task(taskId);
  }

  /** Where the task's workspace came from (repository, ref, base commit); empty for an unknown task. */
  public Optional<TaskOrigin> origin(String taskId) {
    return store.tasks().origin(taskId);
  }

  /** Newest first. */
  public List<TaskRow> tasks(int limit) {
    return store.tasks().tasks(limit);
  }

  /** The tasks whose status is {@code status} ({@code awaiting-approval}), the longest unchanged first. */
  public List<TaskRow> tasksWithStatus(String status) {
    return store.tasks().tasksWithStatus(status);
  }

  /** The task's whole transcript, in order. */
  public List<Item> transcript(String taskId) {
    return store.items().items(taskId, 0, Long.MAX_VALUE);
  }

  /** Oldest first. */
  public List<Checkpoint> checkpoints(String taskId) {
    return store.checkpoints().checkpoints(taskId);
  }

  /** The task's usage ledger, in call order. */
  public List<UsageRow> usage(String taskId) {
    return store.usage().usage(taskId);
  }
}
