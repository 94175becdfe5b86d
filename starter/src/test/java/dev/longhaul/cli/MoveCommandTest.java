package dev.longhaul.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.cli.CliHarness.Result;
import dev.longhaul.store.Database;
import dev.longhaul.store.HostStore;
import dev.longhaul.worker.HostSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code move} refuses, in one line, what it cannot do; {@code status} shows a task's host. */
class MoveCommandTest {
  @RegisterExtension static final CliHarness harness = new CliHarness();
  @TempDir Path workspace;

  /** The dev stack's worker runs as this machine's host. */
  static final String HERE = HostSettings.defaults().hostId();

  @Test
  void status_showsTheHostTheTaskIsBoundTo() {
    String id = idleTask();

    Result status = harness.longhaul("status", id);

    assertThat(status.out()).contains("\nhost: " + HERE + "\n");
  }

  @Test
  void move_toAnUnknownHostId_isRefusedNamingTheKnownOnes() {
    String id = idleTask();

    Result move = harness.longhaul("move", id, "--to", "nowhere");

    assertThat(move.exitCode()).isEqualTo(1);
    assertThat(move.err()).startsWith("longhaul: unknown host id nowhere: no worker has run with --host-id nowhere (known: ")
        .contains(HERE).hasLineCount(1);
  }

  @Test
  void move_toAKnownHostWithNoWorkerRunning_isRefused() throws Exception {
    String id = idleTask();
    try (Database db = Database.connect(harness.stack.databaseUrl())) {
      new HostStore(db).seen("gone", "/nonexistent");
      try (var c = java.sql.DriverManager.getConnection(harness.stack.databaseUrl());
          var s = c.createStatement()) {
        s.executeUpdate("update hosts set last_seen = now() - interval '1 hour' where host_id = 'gone'");
      }
    }

    Result move = harness.longhaul("move", id, "--to", "gone");

    assertThat(move.exitCode()).isEqualTo(1);
    assertThat(move.err()).startsWith("longhaul: no worker of host gone is running (last seen ")
        .endsWith("): start `longhaul worker --host-id gone` there first\n").hasLineCount(1);
  }

  @Test
  void move_toTheHostItIsOn_orToANameThatIsNoHostId_isRefused() {
    String id = idleTask();

    assertThat(harness.longhaul("move", id, "--to", HERE).err())
        .isEqualTo("longhaul: task " + id + " is on host " + HERE + " already\n");
    assertThat(harness.longhaul("move", id, "--to", "a b").err()).isEqualTo("longhaul: not a host id: \"a b\"\n");
  }

  @Test
  void move_ofAnUnknownTask_isRefused() {
    assertThat(harness.longhaul("move", "nope", "--to", HERE).err()).isEqualTo("longhaul: unknown task id: nope\n");
  }

  private String idleTask() {
    return harness.idleTask(workspace);
  }
}
