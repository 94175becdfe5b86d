package dev.longhaul.contract;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface CompactionActivities {
  /**
   * Replaces the context with a compacted one, stored as a checkpoint: the provider's opaque
   * compaction when it offers one, else a handoff summary written by the model; then the task's
   * notes file, re-read from the workspace.
   */
  CompactResult compact(CompactRequest request);
}
