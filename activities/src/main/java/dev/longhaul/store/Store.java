package dev.longhaul.store;

/**
 * The store's tables on one database, a class each: what the worker's wiring hands to an activity
 * that touches several of them. A class that touches one table takes that table's store alone.
 */
public record Store(
    TaskStore tasks, ItemStore items, CheckpointStore checkpoints, UsageStore usage,
    ToolAttemptStore toolAttempts) {
  public Store(Database db) {
    this(new TaskStore(db), new ItemStore(db), new CheckpointStore(db), new UsageStore(db),
        new ToolAttemptStore(db));
  }
}
