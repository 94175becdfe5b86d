package dev.longhaul.cli;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.cli.CliHarness.Result;
import dev.longhaul.contract.StatusUpdate;
import dev.longhaul.store.Checkpoint;
import dev.longhaul.store.Database;
import dev.longhaul.store.Item;
import dev.longhaul.store.ItemKind;
import dev.longhaul.store.Store;
import dev.longhaul.store.UsageRow;
import java.sql.Connection;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code LONGHAUL_DATABASE_READ_URL}: the "replica" is a second database on the dev stack's
 * PostgreSQL holding a different story of the same task, so every output says where it was read.
 * Read-only views read the replica; the answer printed after a turn and the checks before starting
 * a task read the primary.
 */
class ReadReplicaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final CliHarness harness = new CliHarness();
  private static String replicaUrl;
  private static Database replica;
  @TempDir Path workspace;

  @BeforeAll
  static void createReplica() throws Exception {
    String name = "replica_" + Long.toHexString(System.nanoTime());
    try (Database primary = Database.connect(harness.stack.databaseUrl());
        Connection c = primary.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("create database " + name);
    }
    replicaUrl = harness.stack.databaseUrl().replace("/postgres?", "/" + name + "?");
    replica = Database.connect(replicaUrl); // the schema a real replica gets from its primary
  }

  @AfterAll
  static void closeReplica() {
    if (replica != null) replica.close();
  }

  @Test
  void readOnlyCommands_readTheReplica_whileAnswersAndNewTaskIdsComeFromThePrimary() throws Exception {
    String id = LonghaulCommandTest.newId();
    seedReplica(id);
    harness.model.script(reply(text("First, from the primary.")), reply(text("Second, from the primary.")));

    // The replica knows the id already; the primary does not, and only the primary decides.
    Result run = longhaul("run", "--workspace", workspace.toString(), "--task-id", id, "hello");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).endsWith("First, from the primary.\n");

    assertThat(longhaul("send", id, "again").exitCode()).isZero();
    Result watch = longhaul("watch", id);
    assertThat(watch.out()).as(watch.err()).endsWith("Second, from the primary.\n");

    assertThat(longhaul("list").out()).contains("seen on the replica");
    assertThat(longhaul("transcript", id).out()).contains("assistant: From the replica.")
        .doesNotContain("from the primary");
    assertThat(longhaul("usage", "--json", id).out()).contains("424242");
    assertThat(longhaul("checkpoints", id).out()).contains("fork");

    assertThat(longhaul("end", id).exitCode()).isZero();
    Await.until(() -> statusJson(harness.longhaul("status", "--json", id)).path("status").asText().equals("ended"),
        Duration.ofSeconds(20), "the primary to record the end");
    JsonNode closed = statusJson(longhaul("status", "--json", id));
    assertThat(closed.path("turn").asInt()).isEqualTo(7);
    assertThat(closed.path("lastMessage").asText()).isEqualTo("From the replica.");
  }

  @Test
  void aReadUrlThatIsNotAJdbcUrl_failsWithOneLineNamingTheVariable() {
    Result list = CliHarness.longhaul(env("postgres://replica/db"), harness.home, "list");

    assertThat(list.exitCode()).isEqualTo(1);
    assertThat(list.errorLine()).isEqualTo("longhaul: invalid configuration: LONGHAUL_DATABASE_READ_URL must be"
        + " a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database?user=…)");
  }

  @Test
  void anUnreachableReplica_failsWithOneLineNamingTheVariable() {
    Result transcript = CliHarness.longhaul(
        env("jdbc:postgresql://127.0.0.1:1/longhaul?user=u&password=hidden-pw"), harness.home, "transcript", "any");

    assertThat(transcript.exitCode()).isEqualTo(1);
    assertThat(transcript.errorLine()).startsWith("longhaul: cannot reach the read replica at LONGHAUL_DATABASE_READ_URL: ")
        .doesNotContain("\n").doesNotContain("hidden-pw");
  }

  /** The same task as the replica tells it: another title, turn, answer, usage and checkpoint. */
  private static void seedReplica(String id) {
    Store store = new Store(replica);
    store.tasks().openTask(id, "/elsewhere", "seen on the replica", "test-model");
    store.tasks().recordStatus(new StatusUpdate(id, "idle", 7, 3, "From the replica.", null));
    store.items().upsert(id, new Item(0, 7, ItemKind.ASSISTANT_MESSAGE,
        "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"From the replica.\"}]}", 4));
    store.usage().recordUsage(new UsageRow(id, 7, 3, "sample", "test-model", 1, 424242, 0, 1, 0, 5, null));
    store.checkpoints().saveCheckpoint(new Checkpoint(id, 1, "fork", 1, 7, 4, 0, null), List.of());
  }

  private Result longhaul(String... args) {
    return CliHarness.longhaul(env(replicaUrl), harness.home, args);
  }

  private static Map<String, String> env(String readUrl) {
    Map<String, String> env = harness.env();
    env.put("LONGHAUL_DATABASE_READ_URL", readUrl);
    return env;
  }

  private static JsonNode statusJson(Result status) {
    try {
      return JSON.readTree(status.out());
    } catch (Exception e) {
      throw new AssertionError("status --json printed " + status.out() + status.err(), e);
    }
  }
}
