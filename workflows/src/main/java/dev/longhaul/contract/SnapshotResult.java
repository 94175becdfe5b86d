package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A snapshot taken, or why not.
 *
 * @param seq the stored snapshot's number; null when none was stored
 * @param bytes its compressed size (or the size that was over the limit)
 * @param stopped why no snapshot was stored ({@code snapshots stopped: workspace changes are 130
 *     MB, over the 100 MB limit}); null when one was
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnapshotResult(Integer seq, long bytes, String stopped) {
  public static SnapshotResult stored(int seq, long bytes) {
    return new SnapshotResult(seq, bytes, null);
  }

  public static SnapshotResult stopped(long bytes, String why) {
    return new SnapshotResult(null, bytes, why);
  }
}
