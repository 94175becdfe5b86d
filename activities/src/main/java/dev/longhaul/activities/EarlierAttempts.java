package dev.longhaul.activities;

import dev.longhaul.store.Item;
import dev.longhaul.store.ToolAttempt;
import dev.longhaul.tools.ToolProgress;
import java.util.List;
import java.util.Optional;

/**
 * What earlier attempts of one mutating tool call left behind, and so what a new attempt of it
 * must do: return the output one of them stored, tell the model that one was cut off, or run the
 * call. No I/O: the tool activity reads both from the store.
 *
 * @param storedOutput the call's output item, when an earlier attempt stored it
 * @param attempts the call's recorded attempts, oldest first
 */
record EarlierAttempts(Optional<Item> storedOutput, List<ToolAttempt> attempts) {

  /**
   * Whether the stored output was marked failed, as the attempt that stored it recorded. False when
   * that attempt was lost between storing the output and recording it: the model reads the output
   * either way, and a call whose outcome cannot be labelled is not offered to be run again.
   */
  boolean storedOutputFailed() {
    for (int i = attempts.size() - 1; i >= 0; i--) {
      Boolean failed = attempts.get(i).failed();
      if (failed != null) return failed;
    }
    return false;
  }

  /**
   * An earlier attempt that ran the call and never stored its output, so the call's effects are
   * unknown; empty when every attempt so far stopped before running it, or there was none. Only
   * meaningful when no output is stored.
   */
  Optional<ToolAttempt> cutOff() {
    return attempts.stream().filter(ToolAttempt::leftUnfinished).findFirst();
  }

  /**
   * The output that answers a call cut off with its attempt, instead of running it again.
   *
   * @param lastHeartbeat the progress the cut-off attempt last reported to Temporal, if any: what a
   *     heartbeat carried, so the output up to that moment, not to the moment the worker died
   */
  static String cutOffNotice(Optional<ToolProgress> lastHeartbeat) {
    String unknown = " when the worker running it was lost; its effects are unknown (it may have"
        + " finished, partly run, or not run at all). It was not run again: check the state it"
        + " would have changed before you repeat it.\n";
    if (lastHeartbeat.isEmpty()) {
      return "This call was cut off" + unknown
          + "No output was captured: the worker was lost before it first reported progress.";
    }
    ToolProgress progress = lastHeartbeat.get();
    long seconds = progress.elapsedSeconds();
    return "This call was cut off after at least " + seconds + (seconds == 1 ? " second" : " seconds")
        + unknown
        + "Output captured so far (at least the output up to the last heartbeat; anything printed"
        + " after it was lost):\n" + progress.output();
  }
}
