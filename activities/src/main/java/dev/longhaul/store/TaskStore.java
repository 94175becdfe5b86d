package dev.longhaul.store;

import dev.longhaul.contract.StatusUpdate;
import java.util.List;
import java.util.Optional;

/** The tasks table: one row per task, holding its status as the workflow last reported it. */
public final class TaskStore {
  private final Database db;

  public TaskStore(Database db) {
    this.db = db;
  }

  public void openTask(String taskId, String workspace, String title, String model) {
    Jdbc.update(db,
        "insert into tasks (task_id, workspace, title, model, status) values (?, ?, ?, ?, 'running')"
            + " on conflict (task_id) do update set workspace = excluded.workspace,"
            + " model = excluded.model, updated_at = now()",
        taskId, workspace, title, model);
  }

  /**
   * Records where the task's workspace came from. What is recorded first stays: a resumed task
   * opens again on its clone, and its base is still the commit it started from.
   */
  public void recordOrigin(String taskId, TaskOrigin origin) {
    Jdbc.update(db,
        "update tasks set repo = coalesce(repo, ?), ref = coalesce(ref, ?),"
            + " base_commit = coalesce(base_commit, ?) where task_id = ?",
        origin.repo(), origin.ref(), origin.baseCommit(), taskId);
  }

  /** Where the task's workspace came from; empty for an unknown task. */
  public Optional<TaskOrigin> origin(String taskId) {
    return Jdbc.query(db, "tasks", "select repo, ref, base_commit from tasks where task_id = ?",
        rs -> new TaskOrigin(rs.getString(1), rs.getString(2), rs.getString(3)), taskId).stream().findFirst();
  }

  public void recordStatus(StatusUpdate u) {
    Jdbc.update(db,
        "update tasks set status = ?, turn = ?, step = ?, last_message = ?, error = ?,"
            + " updated_at = now() where task_id = ?",
        u.status(), u.turn(), u.step(), u.lastMessage(), u.error(), u.taskId());
  }

  public Optional<TaskRow> task(String taskId) {
    return query("where task_id = ?", taskId).stream().findFirst();
  }

  /** Newest first. */
  public List<TaskRow> tasks(int limit) {
    return query("order by created_at desc, task_id limit ?", limit);
  }

  /** The tasks whose last reported status is {@code status}, the longest unchanged first. */
  public List<TaskRow> tasksWithStatus(String status) {
    return query("where status = ? order by updated_at, task_id", status);
  }

  public long countWithStatus(String status) {
    return Jdbc.query(db, "tasks", "select count(*) from tasks where status = ?", rs -> rs.getLong(1), status)
        .get(0);
  }

  private List<TaskRow> query(String clause, Object arg) {
    String sql = "select task_id, workspace, title, model, status, turn, step, last_message, error,"
        + " created_at, updated_at, host from tasks " + clause;
    return Jdbc.query(db, "tasks", sql, rs -> new TaskRow(
        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getInt(6), rs.getInt(7), rs.getString(8), rs.getString(9),
        Jdbc.instant(rs.getTimestamp(10)), Jdbc.instant(rs.getTimestamp(11)), rs.getString(12)), arg);
  }
}
