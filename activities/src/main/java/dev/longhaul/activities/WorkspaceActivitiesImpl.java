package dev.longhaul.activities;

import dev.longhaul.contract.BindHost;
import dev.longhaul.contract.FailureType;
import dev.longhaul.contract.HostBinding;
import dev.longhaul.contract.RestoreWorkspace;
import dev.longhaul.contract.SnapshotRequest;
import dev.longhaul.contract.SnapshotResult;
import dev.longhaul.contract.WorkspaceActivities;
import dev.longhaul.store.HostStore;
import dev.longhaul.store.SnapshotStore;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** One host's side of {@link WorkspaceActivities}: its id, its workspace root, its snapshots. */
public final class WorkspaceActivitiesImpl implements WorkspaceActivities {
  private final HostStore hosts;
  private final WorkspaceSnapshots snapshots;
  private final String hostId;
  private final Path workspaceRoot;
  private final Duration hostTimeout;

  /**
   * @param workspaceRoot where workspaces restored on this host go, one directory per task
   * @param hostTimeout how long a step waits on a host's queue before the host counts as gone
   */
  public WorkspaceActivitiesImpl(HostStore hosts, SnapshotStore snapshots, String hostId, Path workspaceRoot,
      long snapshotLimitBytes, Duration hostTimeout) {
    this.hosts = hosts;
    this.snapshots = new WorkspaceSnapshots(snapshots, hostId, snapshotLimitBytes);
    this.hostId = hostId;
    this.workspaceRoot = workspaceRoot;
    this.hostTimeout = hostTimeout;
  }

  @Override
  public HostBinding bindHost(BindHost request) {
    Path workspace = Path.of(request.workspace());
    if (!Files.isDirectory(workspace)) {
      throw FailureType.WORKSPACE_MISSING.failure(
          "workspace " + workspace + " does not exist on host " + hostId);
    }
    hosts.seen(hostId, workspaceRoot.toString());
    SnapshotResult baseline = io(() -> snapshots.take(request.taskId(), workspace, 0, "baseline", heartbeat()));
    hosts.bindTask(request.taskId(), hostId, request.workspace());
    return new HostBinding(hostId, request.workspace(), hostTimeout, baseline);
  }

  @Override
  public SnapshotResult snapshot(SnapshotRequest request) {
    return io(() -> snapshots.take(
        request.taskId(), Path.of(request.workspace()), request.seq(), request.reason(), heartbeat()));
  }

  @Override
  public HostBinding restoreWorkspace(RestoreWorkspace request) {
    Path target = workspaceRoot.resolve(request.taskId());
    io(() -> {
      snapshots.restore(request.taskId(), request.seq(), target, heartbeat());
      return null;
    });
    hosts.seen(hostId, workspaceRoot.toString());
    hosts.bindTask(request.taskId(), hostId, target.toString());
    return new HostBinding(hostId, target.toString(), hostTimeout, null);
  }

  /** Heartbeats as files go by; the SDK sends at most one per interval, so each file may call it. */
  private static Runnable heartbeat() {
    ActivityExecutionContext context = Activity.getExecutionContext();
    return () -> context.heartbeat(null);
  }

  private interface Io<T> {
    T run() throws IOException;
  }

  private static <T> T io(Io<T> work) {
    try {
      return work.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }
}
