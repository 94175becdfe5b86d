package dev.longhaul.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The workspace_snapshots table and its chunks: archives of task workspaces, so that another host
 * can restore one. Archives go from and to files a chunk at a time, never whole into memory.
 */
public final class SnapshotStore {
  static final int CHUNK_BYTES = 4 * 1024 * 1024;

  private final Database db;

  public SnapshotStore(Database db) {
    this.db = db;
  }

  /**
   * A stored snapshot, without its archive.
   *
   * @param fullCopy the archive holds the whole workspace (a baseline, or a snapshot taken without
   *     one); otherwise it holds the files changed since the baseline
   * @param deleted the baseline's files gone since, one path a line
   * @param manifest a baseline's paths and hashes; null otherwise
   */
  public record Snapshot(
      String taskId, int seq, String reason, String hostId, boolean fullCopy, long size, int files,
      String deleted, String manifest) {}

  /** Stores {@code snapshot} with the archive at {@code archive}; storing a seq again replaces it. */
  public void save(Snapshot snapshot, Path archive) {
    Jdbc.transaction(db, "snapshot " + snapshot.seq() + " of " + snapshot.taskId(), c -> {
      for (String table : List.of("workspace_snapshots", "workspace_snapshot_chunks")) {
        try (PreparedStatement s = c.prepareStatement("delete from " + table + " where task_id = ? and seq = ?")) {
          s.setString(1, snapshot.taskId());
          s.setInt(2, snapshot.seq());
          s.executeUpdate();
        }
      }
      try (PreparedStatement s = c.prepareStatement(
              "insert into workspace_snapshots (task_id, seq, reason, host_id, full_copy, size,"
                  + " files, deleted, manifest) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        s.setString(1, snapshot.taskId());
        s.setInt(2, snapshot.seq());
        s.setString(3, snapshot.reason());
        s.setString(4, snapshot.hostId());
        s.setBoolean(5, snapshot.fullCopy());
        s.setLong(6, snapshot.size());
        s.setInt(7, snapshot.files());
        s.setString(8, snapshot.deleted());
        s.setString(9, snapshot.manifest());
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement(
              "insert into workspace_snapshot_chunks (task_id, seq, idx, bytes) values (?, ?, ?, ?)");
          InputStream in = Files.newInputStream(archive)) {
        byte[] chunk;
        for (int idx = 0; (chunk = in.readNBytes(CHUNK_BYTES)).length > 0; idx++) {
          s.setString(1, snapshot.taskId());
          s.setInt(2, snapshot.seq());
          s.setInt(3, idx);
          s.setBytes(4, chunk);
          s.executeUpdate();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  public Optional<Snapshot> snapshot(String taskId, int seq) {
    return Jdbc.query(db, "snapshot " + seq + " of " + taskId,
        "select reason, host_id, full_copy, size, files, deleted, manifest from workspace_snapshots"
            + " where task_id = ? and seq = ?",
        rs -> new Snapshot(taskId, seq, rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4),
            rs.getInt(5), rs.getString(6), rs.getString(7)),
        taskId, seq).stream().findFirst();
  }

  /** The task's snapshots, oldest first. */
  public List<Snapshot> snapshots(String taskId) {
    return Jdbc.query(db, "the snapshots of " + taskId,
        "select seq, reason, host_id, full_copy, size, files, deleted from workspace_snapshots"
            + " where task_id = ? order by seq",
        rs -> new Snapshot(taskId, rs.getInt(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
            rs.getLong(5), rs.getInt(6), rs.getString(7), null),
        taskId);
  }

  /** Writes snapshot {@code seq}'s archive to {@code target}, one chunk (one query) at a time. */
  public void copyArchive(String taskId, int seq, Path target) {
    String sql = "select bytes from workspace_snapshot_chunks where task_id = ? and seq = ? and idx = ?";
    try (var c = db.connection(); PreparedStatement s = c.prepareStatement(sql);
        OutputStream out = Files.newOutputStream(target)) {
      for (int idx = 0; ; idx++) {
        s.setString(1, taskId);
        s.setInt(2, seq);
        s.setInt(3, idx);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) break;
          out.write(rs.getBytes(1));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("could not read snapshot " + seq + " of " + taskId, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
