package dev.longhaul.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.contract.SnapshotResult;
import dev.longhaul.store.SnapshotStore;
import dev.longhaul.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots of a workspace in the store, restored elsewhere as the task left it. */
class WorkspaceSnapshotsTest {
  final SnapshotStore store = new SnapshotStore(TestDatabase.database());
  final String task = "task-" + UUID.randomUUID();
  @TempDir Path workspace;
  @TempDir Path elsewhere;

  @Test
  void aSnapshotOfChanges_restoredOnItsBaseline_givesTheWorkspaceAsTheTaskLeftIt() throws Exception {
    Files.writeString(workspace.resolve("kept.txt"), "kept");
    Files.writeString(workspace.resolve("edited.txt"), "before");
    Files.writeString(workspace.resolve("deleted.txt"), "gone soon");
    Files.createDirectories(workspace.resolve("bin"));
    Files.writeString(workspace.resolve("bin/run.sh"), "#!/bin/sh\necho hi\n");
    workspace.resolve("bin/run.sh").toFile().setExecutable(true);
    WorkspaceSnapshots snapshots = new WorkspaceSnapshots(store, "host-a", Long.MAX_VALUE);
    assertThat(snapshots.take(task, workspace, 0, "baseline", () -> {}).seq()).isEqualTo(0);

    Files.writeString(workspace.resolve("edited.txt"), "after");
    Files.delete(workspace.resolve("deleted.txt"));
    Files.createDirectories(workspace.resolve("src/deep"));
    Files.writeString(workspace.resolve("src/deep/new.txt"), "new");
    SnapshotResult changes = snapshots.take(task, workspace, 1, "checkpoint 1", () -> {});
    snapshots.restore(task, 1, elsewhere.resolve("ws"), () -> {});

    Path restored = elsewhere.resolve("ws");
    assertThat(changes.seq()).isEqualTo(1);
    assertThat(store.snapshot(task, 1).orElseThrow().files()).isEqualTo(2);
    assertThat(Files.readString(restored.resolve("kept.txt"))).isEqualTo("kept");
    assertThat(Files.readString(restored.resolve("edited.txt"))).isEqualTo("after");
    assertThat(Files.readString(restored.resolve("src/deep/new.txt"))).isEqualTo("new");
    assertThat(restored.resolve("deleted.txt")).doesNotExist();
    assertThat(Files.isExecutable(restored.resolve("bin/run.sh"))).isTrue();
  }

  @Test
  void aWorkspaceOverTheLimit_isNotStored_andTheResultSaysWhy() throws Exception {
    byte[] noise = new byte[300 * 1024];
    new java.util.Random(1).nextBytes(noise);
    Files.write(workspace.resolve("noise.bin"), noise);

    SnapshotResult result = new WorkspaceSnapshots(store, "host-a", 100 * 1024).take(task, workspace, 0, "baseline", () -> {});

    assertThat(result.seq()).isNull();
    assertThat(result.stopped()).isEqualTo(
        "snapshots stopped: the workspace is 0.3 MB compressed, over the 0.1 MB limit (LONGHAUL_SNAPSHOT_LIMIT_MB)");
    assertThat(store.snapshots(task)).isEmpty();
  }
}
