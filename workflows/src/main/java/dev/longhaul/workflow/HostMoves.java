package dev.longhaul.workflow;

import dev.longhaul.contract.AppendMessage;
import dev.longhaul.contract.BindHost;
import dev.longhaul.contract.HostBinding;
import dev.longhaul.contract.RestoreWorkspace;
import dev.longhaul.contract.SnapshotRequest;
import dev.longhaul.contract.SnapshotResult;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;

/**
 * The workflow's side of host affinity: binds a new task to the host holding its workspace,
 * snapshots the workspace at checkpoints, and moves it to another host when its host is gone or
 * when asked. Does nothing for a task without a {@link Placement} (one from before hosts), so
 * such a task's runs issue the commands they always did.
 */
final class HostMoves {
  private static final Logger log = Workflow.getLogger(HostMoves.class);

  private final TaskRun state;
  /** Appends a message to the transcript, as the workflow does. */
  private final BiConsumer<AppendMessage.Role, String> append;

  HostMoves(TaskRun state, BiConsumer<AppendMessage.Role, String> append) {
    this.state = state;
    this.append = append;
  }

  /** Whether {@code failure} is a step that no worker of its host picked up in time. */
  static boolean lostHost(ActivityFailure failure) {
    return failure.getCause() instanceof TimeoutFailure timeout
        && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START;
  }

  /** Binds a new task, at open: the worker that picks this up on the shared queue is its host. */
  /**
   * Binds the task to a host: to {@code cloner}, the host whose worker cloned the task's
   * repository at open (only it has the clone), else to whichever worker picks the binding up and
   * sees the workspace path.
   */
  void bind(String cloner) {
    HostBinding binding = ActivityStubs.workspace(cloner, null, "bind to a host")
        .bindHost(new BindHost(state.taskId(), state.workspace()));
    state.bound(binding);
  }

  /**
   * Snapshots the workspace on its host. A host that is gone is left (after a move, at a
   * checkpoint, so the next tool call does not wait for it too; at the end, not).
   */
  void snapshot(String reason, boolean moveIfHostLost) {
    Placement placement = state.placement();
    if (placement == null) return;
    try {
      state.snapshotted(takeSnapshot(placement, reason));
    } catch (ActivityFailure e) {
      if (Failures.isCancellation(e)) throw e;
      if (!lostHost(e)) {
        state.snapshotted(SnapshotResult.stopped(0, "snapshot failed: " + Failures.rootMessage(e)));
      } else if (moveIfHostLost) {
        hostLost(placement.host());
      }
    }
  }

  private SnapshotResult takeSnapshot(Placement placement, String reason) {
    return ActivityStubs.workspace(placement.host(), placement.hostTimeout(), "snapshot · " + reason)
        .snapshot(new SnapshotRequest(state.taskId(), state.workspace(), placement.nextSnapshot(), reason));
  }

  /**
   * {@code host} did not pick up a step in time: any live worker restores the last snapshot and
   * becomes the task's host. Nothing when the task has moved off {@code host} already.
   */
  void hostLost(String host) {
    Placement placement = state.placement();
    if (placement == null || !host.equals(placement.host())) return;
    String why = "no worker of host " + host + " picked up a step within " + placement.hostTimeout().toSeconds() + " s";
    log.warn("task {}: {}; moving", state.taskId(), why);
    relocate(null, why, placement);
  }

  /**
   * Acts on a {@code move} request: snapshots on the current host (when it still answers, so
   * nothing is lost), then restores on the target's own queue. A target whose worker does not
   * pick that up in time leaves the task where it was, with the reason in its status.
   */
  void moveIfRequested() {
    Placement placement = state.placement();
    if (placement == null || placement.moveTo() == null) return;
    String target = placement.moveTo();
    if (target.equals(placement.host())) {
      state.moveFailed(null);
      return;
    }
    snapshot("move to " + target, false);
    try {
      relocate(target, "moved on request", state.placement());
    } catch (ActivityFailure e) {
      if (Failures.isCancellation(e)) throw e;
      // The task stays where it was (its workspace there is untouched) and goes on.
      state.moveFailed("move to " + target + " failed: " + (lostHost(e)
          ? "no worker of host " + target + " picked it up within " + placement.hostTimeout().toSeconds() + " s"
          : Failures.rootMessage(e)));
    }
  }

  /** @param target the host to move to; null for whichever live worker picks it up */
  private void relocate(String target, String why, Placement placement) {
    HostBinding binding = ActivityStubs.workspace(target, placement.hostTimeout(), "restore workspace")
        .restoreWorkspace(new RestoreWorkspace(state.taskId(), placement.lastSnapshot()));
    state.relocated(binding);
    List<String> lost = placement.sinceSnapshot() == null ? List.of() : placement.sinceSnapshot();
    append.accept(AppendMessage.Role.developer, Placement.relocationNote(
        placement.host(), binding, why, placement.lastSnapshot(), lost, placement.callsSinceSnapshot()));
  }
}
