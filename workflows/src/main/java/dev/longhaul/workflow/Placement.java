package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.longhaul.contract.HostBinding;
import dev.longhaul.contract.SnapshotResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a task's workspace lives and what of it is saved: the host it is bound to, the last
 * snapshot in the store, and the mutating tool calls made since, whose effects a lost host takes
 * with it. A plain value; {@link HostMoves} runs the activities that change it. Carried across
 * continue-as-new inside {@link TaskState} (absent, so the task runs on the shared queue, in state
 * carried from before hosts).
 *
 * @param host the host id whose queue runs the task's tools and snapshots
 * @param hostTimeout how long a step may wait for that host before it counts as gone
 * @param nextSnapshot the number the next snapshot gets (0 is the baseline taken when binding)
 * @param lastSnapshot the last snapshot stored; null when none is
 * @param stopped why the last snapshot was not stored; null when it was
 * @param sinceSnapshot the mutating calls started since the last snapshot ({@code call 12: shell:
 *     make}), at most {@link #LOST_CALLS_KEPT}
 * @param callsSinceSnapshot how many there were (the list keeps the first few)
 * @param moveTo a host the task was asked to move to, not yet acted on; null otherwise
 * @param moveError why the last move requested failed; null otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Placement(
    String host,
    Duration hostTimeout,
    int nextSnapshot,
    Integer lastSnapshot,
    String stopped,
    List<String> sinceSnapshot,
    int callsSinceSnapshot,
    String moveTo,
    String moveError) {

  static final int LOST_CALLS_KEPT = 20;

  static Placement bound(HostBinding binding) {
    return new Placement(binding.host(), binding.hostTimeout(), 0, null, null, List.of(), 0, null, null)
        .snapshotted(binding.snapshot());
  }

  Placement snapshotted(SnapshotResult result) {
    if (result == null || result.seq() == null) {
      String why = result == null ? null : result.stopped();
      return new Placement(host, hostTimeout, nextSnapshot + 1, lastSnapshot, why, sinceSnapshot,
          callsSinceSnapshot, moveTo, moveError);
    }
    return new Placement(host, hostTimeout, nextSnapshot + 1, result.seq(), null, List.of(), 0, moveTo, moveError);
  }

  Placement toolStarted(String call) {
    List<String> calls = new ArrayList<>(sinceSnapshot == null ? List.of() : sinceSnapshot);
    if (calls.size() < LOST_CALLS_KEPT) calls.add(call);
    return new Placement(host, hostTimeout, nextSnapshot, lastSnapshot, stopped, List.copyOf(calls),
        callsSinceSnapshot + 1, moveTo, moveError);
  }

  /** On the new host, from the last snapshot: nothing since it is left to lose. */
  Placement relocated(HostBinding binding) {
    return new Placement(binding.host(), binding.hostTimeout(), nextSnapshot, lastSnapshot, stopped,
        List.of(), 0, null, null);
  }

  Placement moveRequested(String target) {
    return new Placement(host, hostTimeout, nextSnapshot, lastSnapshot, stopped, sinceSnapshot,
        callsSinceSnapshot, target, null);
  }

  Placement moveFailed(String why) {
    return new Placement(host, hostTimeout, nextSnapshot, lastSnapshot, stopped, sinceSnapshot,
        callsSinceSnapshot, null, why);
  }

  /** The queue of the task's host. */
  String queue() {
    return HostBinding.queue(host);
  }

  /** What {@code status} says of the snapshots, in one line; null before the first. */
  String describeSnapshots() {
    if (stopped != null) return stopped;
    if (lastSnapshot == null) return null;
    return "last snapshot " + lastSnapshot + (callsSinceSnapshot == 0 ? ""
        : ", " + callsSinceSnapshot + " mutating tool calls since");
  }

  /**
   * What the model is told when its workspace moved: where it is now, and the calls whose effects
   * were lost with the old host (they ran after the snapshot it was restored from).
   *
   * @param lost the calls since the snapshot; empty when the old host's state was saved first
   */
  static String relocationNote(String from, HostBinding to, String why, Integer snapshot,
      List<String> lost, int lostCount) {
    StringBuilder note = new StringBuilder("<workspace_moved>The task's workspace moved from host ")
        .append(from).append(" to host ").append(to.host()).append(": ").append(why).append(".\n")
        .append("The workspace is now ").append(to.workspace()).append("; use this path from now on.\n");
    if (snapshot == null) {
      note.append("No snapshot of the workspace was stored, so it starts empty.\n");
    } else {
      note.append("It was restored from snapshot ").append(snapshot).append(".\n");
    }
    if (lostCount > 0) {
      note.append("The effects of these ").append(lostCount)
          .append(" tool calls, made after that snapshot, were lost; redo those that still matter:\n");
      lost.forEach(call -> note.append("- ").append(call).append('\n'));
      if (lostCount > lost.size()) note.append("- and ").append(lostCount - lost.size()).append(" more\n");
    }
    return note.append("</workspace_moved>").toString();
  }
}
