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
 * The workspace_snapshots table: archives of task workspaces, so that another host can restore
 * one. Archives stream from and to files, never whole into memory.
 */
public final class SnapshotStore {
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
      try (PreparedStatement s = c.prepareStatement("delete from workspace_snapshots where task_id = ? and seq = ?")) {
        s.setString(1, snapshot.taskId());
        s.setInt(2, snapshot.seq());
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement(
              "insert into workspace_snapshots (task_id, seq, reason, host_id, full_copy, archive, size,"
                  + " files, deleted, manifest) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          InputStream in = Files.newInputStream(archive)) {
        s.setString(1, snapshot.taskId());
        s.setInt(2, snapshot.seq());
        s.setString(3, snapshot.reason());
        s.setString(4, snapshot.hostId());
        s.setBoolean(5, snapshot.fullCopy());
        s.setBinaryStream(6, in, snapshot.size());
        s.setLong(7, snapshot.size());
        s.setInt(8, snapshot.files());
        s.setString(9, snapshot.deleted());
        s.setString(10, snapshot.manifest());
        s.executeUpdate();
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

  /** Writes snapshot {@code seq}'s archive to {@code target}. */
  public void copyArchive(String taskId, int seq, Path target) {
    String sql = "select archive from workspace_snapshots where task_id = ? and seq = ?";
    try (var c = db.connection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, taskId);
      s.setInt(2, seq);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) throw new StoreException("no snapshot " + seq + " of " + taskId, null);
        try (InputStream in = rs.getBinaryStream(1); OutputStream out = Files.newOutputStream(target)) {
          in.transferTo(out);
        }
      }
    } catch (SQLException e) {
      throw new StoreException("could not read snapshot " + seq + " of " + taskId, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
