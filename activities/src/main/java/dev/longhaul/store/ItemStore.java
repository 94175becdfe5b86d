package dev.longhaul.store;

import dev.longhaul.model.ProviderId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The items table: each task's transcript. Every write is keyed by (task, seq), the sequence number
 * the workflow assigned, so a retried activity overwrites its own earlier attempt.
 */
public final class ItemStore {
  private final Database db;

  public ItemStore(Database db) {
    this.db = db;
  }

  /** Writes one item, replacing whatever an earlier attempt wrote at its seq. */
  public void upsert(String taskId, Item item) {
    upsert(taskId, item, null);
  }

  /** As {@link #upsert(String, Item)}, recording the workflow run that wrote it. */
  public void upsert(String taskId, Item item, String writer) {
    Jdbc.transaction(db, "item " + item.seq() + " of " + taskId,
        c -> insert(c, taskId, List.of(item), writer));
  }

  /**
   * Replaces everything from {@code fromSeq} on with {@code items}, in one transaction. Only for
   * points where the workflow has nothing else writing at or past {@code fromSeq}: what lies there
   * was left by an attempt that did not count (a retried or cancelled step).
   */
  public void replaceFrom(String taskId, long fromSeq, List<Item> items) {
    replaceFrom(taskId, fromSeq, items, null);
  }

  /**
   * As {@link #replaceFrom(String, long, List)}, for the workflow run {@code writer}: refuses
   * (with {@link SupersededException}) when items at or past {@code fromSeq} were written by
   * another run, which only a late attempt of an earlier run can meet.
   */
  public void replaceFrom(String taskId, long fromSeq, List<Item> items, String writer) {
    Jdbc.transaction(db, "items of " + taskId + " from " + fromSeq, c -> {
      if (writer != null) requireNoOtherWriter(c, taskId, fromSeq, writer);
      try (PreparedStatement delete =
          c.prepareStatement("delete from items where task_id = ? and seq >= ?")) {
        delete.setString(1, taskId);
        delete.setLong(2, fromSeq);
        delete.executeUpdate();
      }
      insert(c, taskId, items, writer);
    });
  }

  public Optional<Item> item(String taskId, long seq) {
    return items(taskId, seq, seq + 1).stream().findFirst();
  }

  /** Items with {@code fromSeq <= seq < toSeq}, in order. */
  public List<Item> items(String taskId, long fromSeq, long toSeq) {
    String sql = "select seq, turn, kind, raw, tokens, provider from items where task_id = ? and seq >= ?"
        + " and seq < ? order by seq";
    return Jdbc.query(db, "items of " + taskId, sql,
        rs -> new Item(rs.getLong(1), rs.getInt(2), new ItemKind(rs.getString(3)), rs.getString(4), rs.getInt(5),
            ProviderId.parse(rs.getString(6))),
        taskId, fromSeq, toSeq);
  }

  /** One past the highest sequence number the task has used; 0 for none. */
  public long nextSeq(String taskId) {
    String sql = "select coalesce(max(seq) + 1, 0) from items where task_id = ?";
    return Jdbc.query(db, "the items of " + taskId, sql, rs -> rs.getLong(1), taskId).get(0);
  }

  private static void requireNoOtherWriter(Connection c, String taskId, long fromSeq, String writer)
      throws SQLException {
    String sql = "select writer from items where task_id = ? and seq >= ? and writer is not null"
        + " and writer <> ? limit 1 for update";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, taskId);
      s.setLong(2, fromSeq);
      s.setString(3, writer);
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next()) {
          throw new SupersededException("items of " + taskId + " from seq " + fromSeq
              + " belong to a later run (" + rs.getString(1) + "); this attempt of run " + writer
              + " is stale and writes nothing");
        }
      }
    }
  }

  private static void insert(Connection c, String taskId, List<Item> items, String writer)
      throws SQLException {
    String sql =
        "insert into items (task_id, seq, turn, kind, raw, tokens, writer, provider)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict (task_id, seq) do update set turn = excluded.turn, kind = excluded.kind,"
            + " raw = excluded.raw, tokens = excluded.tokens, writer = excluded.writer,"
            + " provider = excluded.provider,"
            + " created_at = now()";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (Item item : items) {
        s.setString(1, taskId);
        s.setLong(2, item.seq());
        s.setInt(3, item.turn());
        s.setString(4, item.kind().label());
        s.setString(5, item.raw());
        s.setInt(6, item.tokens());
        s.setString(7, writer);
        s.setString(8, item.provider().label());
        s.addBatch();
      }
      s.executeBatch();
    }
  }
}
