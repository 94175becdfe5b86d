package dev.longhaul.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.longhaul.contract.ContextRef;
import dev.longhaul.contract.StatusUpdate;
import dev.longhaul.store.Checkpoint;
import dev.longhaul.store.Database;
import dev.longhaul.store.Item;
import dev.longhaul.store.ItemKind;
import dev.longhaul.store.Store;
import dev.longhaul.store.StoreException;
import dev.longhaul.store.ToolAttempt;
import dev.longhaul.store.UsageRow;
import dev.longhaul.testing.PgBouncer;
import dev.longhaul.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store behind a real PgBouncer in transaction pooling mode, with three server connections for
 * the pool's sixteen clients, so consecutive transactions of one client run on different server
 * sessions: the migrations and every store's writes and reads, from many tasks at once.
 */
class StoreBehindPgBouncerTest {
  private static final int TASKS = 8;
  private static final int STEPS = 12;
  private static PgBouncer bouncer;

  @BeforeAll
  static void startPgBouncer() {
    PgBouncer.require();
    bouncer = PgBouncer.start(TestDatabase.newDatabase("bouncer"), 3);
  }

  @AfterAll
  static void stopPgBouncer() {
    if (bouncer != null) bouncer.close();
  }

  @Test
  void workersStartingAtOnce_migrateOnce_throughTheBouncer() throws Exception {
    List<Database> databases = inParallel(3, i -> Database.connect(bouncer.jdbcUrl()));
    try {
      int scripts = 0;
      while (Database.class.getResource("/db/V" + (scripts + 1) + ".sql") != null) scripts++;
      try (Connection c = databases.get(0).dataSource().getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select count(*), max(version) from schema_version")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(scripts);
        assertThat(rs.getInt(2)).isEqualTo(scripts);
      }
    } finally {
      databases.forEach(Database::close);
    }
  }

  @Test
  void everyStoresWritesAndReads_fromManyTasksAtOnce_workThroughTheBouncer() throws Exception {
    try (Database db = Database.connect(bouncer.jdbcUrl())) {
      Store store = new Store(db);
      ContextCache cache = new ContextCache(store, 64);

      List<String> done = inParallel(TASKS, i -> runTask(store, cache, "bounced-" + i));

      assertThat(done).hasSize(TASKS);
      for (String taskId : done) {
        assertThat(store.tasks().task(taskId)).hasValueSatisfying(row -> {
          assertThat(row.status()).isEqualTo("idle");
          assertThat(row.step()).isEqualTo(STEPS);
        });
        assertThat(store.items().items(taskId, 0, Long.MAX_VALUE)).hasSize(3 * STEPS);
        assertThat(store.usage().usage(taskId)).hasSize(STEPS);
        assertThat(store.checkpoints().checkpoints(taskId)).singleElement()
            .satisfies(c -> assertThat(c.itemCount()).isEqualTo(3));
      }
    }
  }

  @Test
  void namedServerSidePreparedStatements_breakBehindTheBouncer_whichIsWhyTheStoreMakesNone() {
    // The driver's own default (prepare on the fifth use) instead of the store's 0: the same work
    // then meets statements prepared on another server session, so the test's bouncer really pools
    // by transaction, and prepareThreshold=0 is what the store stands on.
    try (Database db = Database.connect(bouncer.jdbcUrl() + "&prepareThreshold=5")) {
      Store store = new Store(db);
      ContextCache cache = new ContextCache(store, 64);
      assertThatThrownBy(() -> inParallel(TASKS, i -> runTask(store, cache, "prepared-" + i)))
          .hasRootCauseInstanceOf(org.postgresql.util.PSQLException.class)
          .rootCause().hasMessageContaining("prepared statement");
    }
  }

  /** One task's store traffic as the activities make it: open, then per step a sample and a tool call. */
  private static String runTask(Store store, ContextCache cache, String taskId) {
    String run = "run-1";
    store.tasks().openTask(taskId, "/workspace", "a task behind PgBouncer", "test-model");
    for (int step = 1; step <= STEPS; step++) {
      long seq = 3L * (step - 1);
      assertThat(cache.items(taskId, ContextRef.fromStart(seq))).hasSize((int) seq);
      store.items().replaceFrom(taskId, seq,
          List.of(item(seq, ItemKind.REASONING), item(seq + 1, ItemKind.FUNCTION_CALL)), run);
      store.usage().recordUsage(new UsageRow(taskId, 1, step, "sample", "test-model", 1, 1000, 900, 50, 10, 5, 42L));
      String attempt = store.toolAttempts().begin(taskId, seq + 2, "call-" + step, 1, "worker-1", true);
      assertThat(store.items().item(taskId, seq + 1)).isPresent();
      store.items().upsert(taskId, item(seq + 2, ItemKind.FUNCTION_CALL_OUTPUT), run);
      store.toolAttempts().finish(attempt, false);
      assertThat(store.toolAttempts().attempts(taskId, seq + 2, "call-" + step))
          .extracting(ToolAttempt::finished).doesNotContainNull();
      store.tasks().recordStatus(new StatusUpdate(taskId, step == STEPS ? "idle" : "running", 1, step, "step " + step, null));
    }
    store.checkpoints().saveCheckpoint(
        new Checkpoint(taskId, 1, "compaction", 3L * STEPS, 1, 300, 3, null),
        List.of(item(-1, ItemKind.USER_MESSAGE), item(-1, ItemKind.DEVELOPER_MESSAGE), item(-1, ItemKind.USER_MESSAGE)));
    assertThat(cache.items(taskId, new ContextRef(1, 3L * STEPS, 3L * STEPS))).hasSize(3);
    return taskId;
  }

  private static Item item(long seq, ItemKind kind) {
    return new Item(seq, 1, kind, "{\"type\":\"" + kind.label() + "\",\"seq\":" + seq + "}", 5);
  }

  private interface Job<T> {
    T run(int index) throws Exception;
  }

  private static <T> List<T> inParallel(int n, Job<T> job) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> job.run(index)));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        try {
          results.add(f.get(2, TimeUnit.MINUTES));
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof StoreException s) throw s;
          throw e;
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
