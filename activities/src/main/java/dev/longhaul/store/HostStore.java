package dev.longhaul.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The hosts table: every host id a worker has run with, where its workspaces go, when last seen. */
public final class HostStore {
  private final Database db;

  public HostStore(Database db) {
    this.db = db;
  }

  /** A host as workers registered it. */
  public record Host(String hostId, String workspaceRoot, Instant lastSeen) {}

  /** A worker of {@code hostId} runs now (at its start, and whenever it binds a task). */
  public void seen(String hostId, String workspaceRoot) {
    Jdbc.update(db,
        "insert into hosts (host_id, workspace_root) values (?, ?) on conflict (host_id)"
            + " do update set workspace_root = excluded.workspace_root, last_seen = now()",
        hostId, workspaceRoot);
  }

  public Optional<Host> host(String hostId) {
    return Jdbc.query(db, "hosts", "select host_id, workspace_root, last_seen from hosts where host_id = ?",
        rs -> new Host(rs.getString(1), rs.getString(2), Jdbc.instant(rs.getTimestamp(3))), hostId)
        .stream().findFirst();
  }

  /** Every host, by id. */
  public List<Host> hosts() {
    return Jdbc.query(db, "hosts", "select host_id, workspace_root, last_seen from hosts order by host_id",
        rs -> new Host(rs.getString(1), rs.getString(2), Jdbc.instant(rs.getTimestamp(3))));
  }

  /** The task's workspace is on {@code hostId} now, at {@code workspace}. */
  public void bindTask(String taskId, String hostId, String workspace) {
    Jdbc.update(db, "update tasks set host = ?, workspace = ?, updated_at = now() where task_id = ?",
        hostId, workspace, taskId);
  }
}
