package dev.longhaul.store;

import dev.longhaul.model.ProviderId;
import java.sql.PreparedStatement;
import java.util.List;

/**
 * The checkpoints and checkpoint_items tables: stored contexts a run can start from (after a
 * compaction, a resume or a fork), each with its own items, apart from the transcript.
 */
public final class CheckpointStore {
  private final Database db;

  public CheckpointStore(Database db) {
    this.db = db;
  }

  /**
   * Stores a checkpoint and its items in one transaction. Writing the same checkpoint again (a
   * retried compaction) replaces it.
   */
  public void saveCheckpoint(Checkpoint checkpoint, List<Item> items) {
    String what = "checkpoint " + checkpoint.number() + " of " + checkpoint.taskId();
    Jdbc.transaction(db, what, c -> {
      for (String table : List.of("checkpoints", "checkpoint_items")) {
        try (PreparedStatement s =
            c.prepareStatement("delete from " + table + " where task_id = ? and number = ?")) {
          s.setString(1, checkpoint.taskId());
          s.setInt(2, checkpoint.number());
          s.executeUpdate();
        }
      }
      try (PreparedStatement s = c.prepareStatement(
          "insert into checkpoints (task_id, number, reason, from_seq, turn, tokens, item_count)"
              + " values (?, ?, ?, ?, ?, ?, ?)")) {
        s.setString(1, checkpoint.taskId());
        s.setInt(2, checkpoint.number());
        s.setString(3, checkpoint.reason());
        s.setLong(4, checkpoint.fromSeq());
        s.setInt(5, checkpoint.turn());
        s.setLong(6, checkpoint.tokens());
        s.setInt(7, items.size());
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement(
          "insert into checkpoint_items (task_id, number, idx, turn, kind, raw, tokens, provider)"
              + " values (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < items.size(); i++) {
          Item item = items.get(i);
          s.setString(1, checkpoint.taskId());
          s.setInt(2, checkpoint.number());
          s.setInt(3, i);
          s.setInt(4, item.turn());
          s.setString(5, item.kind().label());
          s.setString(6, item.raw());
          s.setInt(7, item.tokens());
          s.setString(8, item.provider().label());
          s.addBatch();
        }
        s.executeBatch();
      }
    });
  }

  /** A checkpoint's items, in order; their seq is -1, since they are not in the transcript. */
  public List<Item> checkpointItems(String taskId, int number) {
    String sql = "select turn, kind, raw, tokens, provider from checkpoint_items where task_id = ?"
        + " and number = ? order by idx";
    return Jdbc.query(db, "checkpoint " + number + " of " + taskId, sql,
        rs -> new Item(-1, rs.getInt(1), new ItemKind(rs.getString(2)), rs.getString(3), rs.getInt(4),
            ProviderId.parse(rs.getString(5))),
        taskId, number);
  }

  /** The task's checkpoints, oldest first. */
  public List<Checkpoint> checkpoints(String taskId) {
    String sql = "select number, reason, from_seq, turn, tokens, item_count, created_at from checkpoints"
        + " where task_id = ? order by number";
    return Jdbc.query(db, "the checkpoints of " + taskId, sql,
        rs -> new Checkpoint(taskId, rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getInt(4),
            rs.getLong(5), rs.getInt(6), Jdbc.instant(rs.getTimestamp(7))),
        taskId);
  }
}
