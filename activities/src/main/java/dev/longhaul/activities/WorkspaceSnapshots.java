package dev.longhaul.activities;

import dev.longhaul.contract.SnapshotResult;
import dev.longhaul.store.SnapshotStore;
import dev.longhaul.store.SnapshotStore.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Takes and restores workspace snapshots: snapshot 0 (the baseline) is the whole workspace with
 * its manifest; every later one, the files that differ from the baseline plus the baseline's files
 * deleted since. So each snapshot stands alone on top of the baseline (restoring is two archives,
 * never a chain), and a snapshot costs what the task changed, not the size of the repository.
 *
 * <p>A zip of changed files rather than a git bundle: it works for any workspace, a git repository
 * or not, and it carries what a bundle would not (untracked and ignored files the task made,
 * uncommitted edits); its manifest is how changes are found without a git index.
 */
public final class WorkspaceSnapshots {
  private final SnapshotStore store;
  private final String hostId;
  private final long limitBytes;

  /** @param limitBytes the largest archive stored; a larger one stops snapshots, not the task */
  public WorkspaceSnapshots(SnapshotStore store, String hostId, long limitBytes) {
    this.store = store;
    this.hostId = hostId;
    this.limitBytes = limitBytes;
  }

  /**
   * Snapshots {@code workspace} as snapshot {@code seq} of the task (0: the baseline).
   *
   * @param onFile called for each file read or written, to heartbeat
   */
  public SnapshotResult take(String taskId, Path workspace, int seq, String reason, Runnable onFile)
      throws IOException {
    Map<String, String> now = WorkspaceArchive.manifest(workspace, onFile);
    Map<String, String> baseline = seq == 0 ? null : baseline(taskId);
    List<String> files = baseline == null ? new ArrayList<>(now.keySet()) : WorkspaceArchive.changed(baseline, now);
    List<String> deleted = baseline == null ? List.of() : WorkspaceArchive.deleted(baseline, now);
    Path archive = Files.createTempFile("longhaul-snapshot-", ".zip");
    try {
      WorkspaceArchive.write(workspace, files, archive, onFile);
      long size = Files.size(archive);
      if (size > limitBytes) {
        String what = baseline == null ? "the workspace is " : "workspace changes are ";
        return SnapshotResult.stopped(size, "snapshots stopped: " + what + megabytes(size)
            + " compressed, over the " + megabytes(limitBytes) + " limit (LONGHAUL_SNAPSHOT_LIMIT_MB)");
      }
      store.save(new Snapshot(taskId, seq, reason, hostId, baseline == null, size, files.size(),
          String.join("\n", deleted), seq == 0 ? manifestText(now) : null), archive);
      return SnapshotResult.stored(seq, size);
    } finally {
      Files.deleteIfExists(archive);
    }
  }

  /**
   * Restores snapshot {@code seq} of the task into {@code target}, emptied first; with no seq,
   * leaves {@code target} empty.
   */
  public void restore(String taskId, Integer seq, Path target, Runnable onFile) throws IOException {
    deleteTree(target);
    Files.createDirectories(target);
    if (seq == null) return;
    Snapshot snapshot = store.snapshot(taskId, seq)
        .orElseThrow(() -> new IOException("no snapshot " + seq + " of " + taskId + " in the store"));
    if (!snapshot.fullCopy()) {
      unpack(taskId, 0, target, onFile);
      WorkspaceArchive.delete(target, snapshot.deleted().isEmpty() ? List.of() : List.of(snapshot.deleted().split("\n")));
    }
    unpack(taskId, seq, target, onFile);
  }

  private void unpack(String taskId, int seq, Path target, Runnable onFile) throws IOException {
    Path archive = Files.createTempFile("longhaul-restore-", ".zip");
    try {
      store.copyArchive(taskId, seq, archive);
      WorkspaceArchive.extract(archive, target, onFile);
    } finally {
      Files.deleteIfExists(archive);
    }
  }

  /** The baseline's manifest; null when no baseline was stored (it was over the limit). */
  private Map<String, String> baseline(String taskId) {
    return store.snapshot(taskId, 0).map(s -> s.manifest()).map(WorkspaceSnapshots::parseManifest).orElse(null);
  }

  /** One file a line, as sha256sum writes it: hash, two spaces, path. */
  static String manifestText(Map<String, String> manifest) {
    StringBuilder text = new StringBuilder();
    manifest.forEach((path, hash) -> text.append(hash).append("  ").append(path).append('\n'));
    return text.toString();
  }

  static Map<String, String> parseManifest(String text) {
    Map<String, String> manifest = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.length() > 66) manifest.put(line.substring(66), line.substring(0, 64));
    }
    return manifest;
  }

  static String megabytes(long bytes) {
    return String.format("%.1f MB", bytes / (1024.0 * 1024.0));
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
