package dev.longhaul.store;

import java.util.List;
import java.util.UUID;

/**
 * The tool_attempts table: which attempts of a mutating tool call ran it, and which of them stored
 * its output. Each write is synchronous, so a row exists before the call's first effect can.
 */
public final class ToolAttemptStore {
  private final Database db;

  public ToolAttemptStore(Database db) {
    this.db = db;
  }

  /**
   * Records that an attempt of the call answered at {@code outputSeq} begins; returns its id.
   *
   * @param executes whether the attempt will run the call (rather than answer it without running)
   */
  public String begin(
      String taskId, long outputSeq, String callId, int attempt, String worker, boolean executes) {
    String id = UUID.randomUUID().toString();
    Jdbc.update(db,
        "insert into tool_attempts (id, task_id, output_seq, call_id, attempt, worker, executed)"
            + " values (?, ?, ?, ?, ?, ?, ?)",
        id, taskId, outputSeq, callId, attempt, worker, executes);
    return id;
  }

  /** Records that the attempt stored the call's output, marked {@code failed} or not. */
  public void finish(String id, boolean failed) {
    Jdbc.update(db, "update tool_attempts set finished_at = now(), failed = ? where id = ?", failed, id);
  }

  /** The attempts of the call {@code callId} answered at {@code outputSeq}, oldest first. */
  public List<ToolAttempt> attempts(String taskId, long outputSeq, String callId) {
    String sql = "select id, attempt, worker, executed, started_at, finished_at, failed"
        + " from tool_attempts where task_id = ? and output_seq = ? and call_id = ?"
        + " order by started_at, attempt";
    return Jdbc.query(db, "the attempts of call " + callId + " of " + taskId, sql, rs -> {
      boolean failed = rs.getBoolean(7);
      Boolean failedOrNull = rs.wasNull() ? null : failed; // before reading another column
      return new ToolAttempt(rs.getString(1), taskId, outputSeq, callId, rs.getInt(2),
          rs.getString(3), rs.getBoolean(4), Jdbc.instant(rs.getTimestamp(5)),
          Jdbc.instant(rs.getTimestamp(6)), failedOrNull);
    }, taskId, outputSeq, callId);
  }
}
