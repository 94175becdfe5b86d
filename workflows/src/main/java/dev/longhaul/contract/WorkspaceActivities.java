package dev.longhaul.contract;

import io.temporal.activity.ActivityInterface;

/**
 * Where a task's workspace lives, and its snapshots in the store. {@link #bindHost} runs on the
 * shared queue: the worker that picks it up is the host the task binds to. {@link #snapshot} runs
 * on the bound host's own queue; {@link #restoreWorkspace} on the queue of the host it moves to
 * (the shared one when any live host will do).
 */
@ActivityInterface
public interface WorkspaceActivities {
  /**
   * Binds the task to this worker's host: its workspace must exist here. Takes the baseline
   * snapshot that later snapshots are differences from.
   */
  HostBinding bindHost(BindHost request);

  /** Stores what changed in the workspace since the baseline, unless it is over the limit. */
  SnapshotResult snapshot(SnapshotRequest request);

  /** Restores the task's last snapshot under this worker's workspace root, and binds it here. */
  HostBinding restoreWorkspace(RestoreWorkspace request);
}
