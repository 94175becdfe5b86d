package dev.longhaul.store;

import dev.longhaul.contract.StatusUpdate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tasks and their items in PostgreSQL. Every write is keyed by (task, seq), the sequence number
 * the workflow assigned, so a retried activity overwrites its own earlier attempt.
 */
public final class ItemStore {
  private final Database db;

  public ItemStore(Database db) {
    this.db = db;
  }

  public void openTask(String taskId, String workspace, String title, String model) {
    update(
        "insert into tasks (task_id, workspace, title, model, status) values (?, ?, ?, ?, 'running')"
            + " on conflict (task_id) do update set workspace = excluded.workspace,"
            + " model = excluded.model, updated_at = now()",
        taskId, workspace, title, model);
  }

  public void recordStatus(StatusUpdate u) {
    update(
        "update tasks set status = ?, turn = ?, step = ?, last_message = ?, error = ?,"
            + " updated_at = now() where task_id = ?",
        u.status(), u.turn(), u.step(), u.lastMessage(), u.error(), u.taskId());
  }

  public Optional<TaskRow> task(String taskId) {
    List<TaskRow> rows = queryTasks("where task_id = ?", taskId);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** Newest first. */
  public List<TaskRow> tasks(int limit) {
    return queryTasks("order by created_at desc, task_id limit ?", limit);
  }

  /** Writes one item, replacing whatever an earlier attempt wrote at its seq. */
  public void upsert(String taskId, Item item) {
    upsert(taskId, item, null);
  }

  /** As {@link #upsert(String, Item)}, recording the workflow run that wrote it. */
  public void upsert(String taskId, Item item, String writer) {
    try (Connection c = db.connection()) {
      insert(c, taskId, List.of(item), writer);
    } catch (SQLException e) {
      throw new StoreException("could not store item " + item.seq() + " of " + taskId, e);
    }
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
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (PreparedStatement delete =
          c.prepareStatement("delete from items where task_id = ? and seq >= ?")) {
        if (writer != null) requireNoOtherWriter(c, taskId, fromSeq, writer);
        delete.setString(1, taskId);
        delete.setLong(2, fromSeq);
        delete.executeUpdate();
        insert(c, taskId, items, writer);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("could not store items of " + taskId + " from " + fromSeq, e);
    }
  }

  public Optional<Item> item(String taskId, long seq) {
    List<Item> items = items(taskId, seq, seq + 1);
    return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
  }

  /** Items with {@code fromSeq <= seq < toSeq}, in order. */
  public List<Item> items(String taskId, long fromSeq, long toSeq) {
    String sql =
        "select seq, turn, kind, raw, tokens from items where task_id = ? and seq >= ? and seq < ?"
            + " order by seq";
    try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, taskId);
      s.setLong(2, fromSeq);
      s.setLong(3, toSeq);
      List<Item> items = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          items.add(
              new Item(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getInt(5)));
        }
      }
      return items;
    } catch (SQLException e) {
      throw new StoreException("could not read items of " + taskId, e);
    }
  }

  /**
   * Stores a checkpoint and its items in one transaction. Writing the same checkpoint again (a
   * retried compaction) replaces it.
   */
  public void saveCheckpoint(Checkpoint checkpoint, List<Item> items) {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
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
            "insert into checkpoint_items (task_id, number, idx, turn, kind, raw, tokens)"
                + " values (?, ?, ?, ?, ?, ?, ?)")) {
          for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            s.setString(1, checkpoint.taskId());
            s.setInt(2, checkpoint.number());
            s.setInt(3, i);
            s.setInt(4, item.turn());
            s.setString(5, item.kind());
            s.setString(6, item.raw());
            s.setInt(7, item.tokens());
            s.addBatch();
          }
          s.executeBatch();
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("could not store checkpoint " + checkpoint.number() + " of " + checkpoint.taskId(), e);
    }
  }

  /** A checkpoint's items, in order; their seq is -1, since they are not in the transcript. */
  public List<Item> checkpointItems(String taskId, int number) {
    String sql = "select turn, kind, raw, tokens from checkpoint_items where task_id = ? and number = ? order by idx";
    try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, taskId);
      s.setInt(2, number);
      List<Item> items = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) items.add(new Item(-1, rs.getInt(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
      }
      return items;
    } catch (SQLException e) {
      throw new StoreException("could not read checkpoint " + number + " of " + taskId, e);
    }
  }

  /** The task's checkpoints, oldest first. */
  public List<Checkpoint> checkpoints(String taskId) {
    String sql = "select number, reason, from_seq, turn, tokens, item_count, created_at from checkpoints"
        + " where task_id = ? order by number";
    try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, taskId);
      List<Checkpoint> checkpoints = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          checkpoints.add(new Checkpoint(taskId, rs.getInt(1), rs.getString(2), rs.getLong(3),
              rs.getInt(4), rs.getLong(5), rs.getInt(6), instant(rs.getTimestamp(7))));
        }
      }
      return checkpoints;
    } catch (SQLException e) {
      throw new StoreException("could not read the checkpoints of " + taskId, e);
    }
  }

  /** One past the highest sequence number the task has used; 0 for none. */
  public long nextSeq(String taskId) {
    String sql = "select coalesce(max(seq) + 1, 0) from items where task_id = ?";
    try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, taskId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException("could not read the items of " + taskId, e);
    }
  }

  public void recordUsage(UsageRow u) {
    update(
        "insert into usage (task_id, turn, step, kind, model, attempt, input, cached, output,"
            + " reasoning, latency_ms, cost_micros) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        u.taskId(), u.turn(), u.step(), u.kind(), u.model(), u.attempt(), u.input(), u.cached(),
        u.output(), u.reasoning(), u.latencyMs(), u.costMicros());
  }

  /** The task's ledger, in call order. */
  public List<UsageRow> usage(String taskId) {
    String sql = "select turn, step, kind, model, attempt, input, cached, output, reasoning, latency_ms,"
        + " cost_micros from usage where task_id = ? order by created_at, step";
    try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, taskId);
      List<UsageRow> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long cost = rs.getLong(11);
          Long costMicros = rs.wasNull() ? null : cost; // before reading another column
          rows.add(new UsageRow(taskId, rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4),
              rs.getInt(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
              costMicros));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new StoreException("could not read the usage of " + taskId, e);
    }
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

  private static void insert(Connection c, String taskId, List<Item> items) throws SQLException {
    insert(c, taskId, items, null);
  }

  private static void insert(Connection c, String taskId, List<Item> items, String writer)
      throws SQLException {
    String sql =
        "insert into items (task_id, seq, turn, kind, raw, tokens, writer) values (?, ?, ?, ?, ?, ?, ?)"
            + " on conflict (task_id, seq) do update set turn = excluded.turn, kind = excluded.kind,"
            + " raw = excluded.raw, tokens = excluded.tokens, writer = excluded.writer,"
            + " created_at = now()";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (Item item : items) {
        s.setString(1, taskId);
        s.setLong(2, item.seq());
        s.setInt(3, item.turn());
        s.setString(4, item.kind());
        s.setString(5, item.raw());
        s.setInt(6, item.tokens());
        s.setString(7, writer);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private List<TaskRow> queryTasks(String clause, Object arg) {
    String sql =
        "select task_id, workspace, title, model, status, turn, step, last_message, error,"
            + " created_at, updated_at from tasks "
            + clause;
    try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, arg);
      List<TaskRow> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new TaskRow(
                  rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                  rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getString(8), rs.getString(9),
                  instant(rs.getTimestamp(10)), instant(rs.getTimestamp(11))));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new StoreException("could not read tasks", e);
    }
  }

  private void update(String sql, Object... args) {
    try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("could not write to the store: " + e.getMessage(), e);
    }
  }

  private static java.time.Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
