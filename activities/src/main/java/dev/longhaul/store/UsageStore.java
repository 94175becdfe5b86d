package dev.longhaul.store;

import java.util.List;

/** The usage table: the ledger of completed model calls, a row each. */
public final class UsageStore {
  private final Database db;

  public UsageStore(Database db) {
    this.db = db;
  }

  public void recordUsage(UsageRow u) {
    Jdbc.update(db,
        "insert into usage (task_id, turn, step, kind, model, attempt, input, cached, output,"
            + " reasoning, latency_ms, cost_micros, cache_write)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        u.taskId(), u.turn(), u.step(), u.kind(), u.model(), u.attempt(), u.input(), u.cached(),
        u.output(), u.reasoning(), u.latencyMs(), u.costMicros(), u.cacheWrite());
  }

  /** The task's ledger, in call order. */
  public List<UsageRow> usage(String taskId) {
    String sql = "select turn, step, kind, model, attempt, input, cached, output, reasoning,"
        + " latency_ms, cost_micros, cache_write from usage where task_id = ? order by created_at, step";
    return Jdbc.query(db, "the usage of " + taskId, sql, rs -> {
      long cost = rs.getLong(11);
      Long costMicros = rs.wasNull() ? null : cost; // before reading another column
      return new UsageRow(taskId, rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4),
          rs.getInt(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
          costMicros, rs.getLong(12));
    }, taskId);
  }
}
