package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;

import dev.longhaul.store.Database;
import dev.longhaul.workflow.TaskStatus;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test: what the store takes per step. One task of {@link #STEPS} model steps,
 * each asking for a {@code shell} call that prints 2,000 characters of base64 (a mutating call:
 * the most store traffic a step makes; random, so PostgreSQL cannot compress it away), on the real workflow and activities, against a PostgreSQL of its own
 * with {@code pg_stat_statements}. Counted between a reset after a warm-up task and the end of the
 * measured turn: statements by kind (pg_stat_statements), rows inserted, updated and deleted per
 * table (pg_stat_user_tables), table growth (pg_total_relation_size) and WAL written
 * (pg_current_wal_lsn). docs/scale.md turns the numbers into what 10,000 tasks need.
 */
@EnabledIfSystemProperty(named = "longhaul.benchmark", matches = "true")
class StoreScaleBenchmark {
  static final int STEPS = 200;
  static final String TABLES = "'tasks','items','checkpoints','checkpoint_items','usage','tool_attempts'";
  @TempDir Path workspace;

  @Test
  void writesRowsAndBytesPerStep() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
            .setServerConfig("shared_preload_libraries", "pg_stat_statements")
            .setServerConfig("pg_stat_statements.track_utility", "on")
            .start();
        Database database = Database.connect(postgres.getJdbcUrl("postgres", "postgres"));
        AgentHarness harness = AgentHarness.builder().database(database).build();
        Connection stats = postgres.getPostgresDatabase().getConnection()) {
      harness.beforeAll(null); // skips on the CLI's dev server when there is no CLI
      exec(stats, "create extension if not exists pg_stat_statements");
      turn(harness, 10); // warm-up: the JIT, the pools, the caches
      Thread.sleep(1_000); // PostgreSQL 14 sends table statistics every 500 ms
      Snapshot before = Snapshot.take(stats);
      exec(stats, "select pg_stat_statements_reset()");

      turn(harness, STEPS);
      Thread.sleep(1_000);
      Snapshot after = Snapshot.take(stats);
      Map<String, long[]> statements = statements(stats);

      String report = report(before, after, statements) + eachStatement(stats);
      System.out.print(report);
      Path out = Path.of("target", "benchmarks", "store-scale.txt");
      Files.createDirectories(out.getParent());
      Files.writeString(out, report);
    }
  }

  private void turn(AgentHarness harness, int steps) throws Exception {
    harness.model.reset();
    AtomicInteger step = new AtomicInteger();
    harness.model.otherwise(request -> step.incrementAndGet() >= steps
        ? reply(text("Done."))
        : reply(toolCall("shell", "{\"command\":\"head -c 1500 /dev/urandom | base64 -w0\"}")));
    String id = harness.start(workspace, "Print a lot, a step at a time");
    if (harness.awaitProgress(id, p -> p.turn() >= 1 && p.status() != TaskStatus.running, "the turn", 600).status()
        != TaskStatus.idle) {
      throw new AssertionError("the turn did not end idle");
    }
  }

  /** Counters and sizes at one moment. */
  record Snapshot(Map<String, long[]> tables, long walLsn, long commits) {
    static Snapshot take(Connection c) throws SQLException {
      Map<String, long[]> tables = new TreeMap<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
          "select relname, n_tup_ins, n_tup_upd, n_tup_del, pg_total_relation_size(relid)"
              + " from pg_stat_user_tables where relname in (" + TABLES + ")")) {
        while (rs.next()) {
          tables.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
        }
      }
      long lsn = single(c, "select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint");
      long commits = single(c, "select xact_commit from pg_stat_database where datname = current_database()");
      return new Snapshot(tables, lsn, commits);
    }
  }

  /** Calls and rows per kind of statement the store sent (its own statements only). */
  private static Map<String, long[]> statements(Connection c) throws SQLException {
    Map<String, long[]> kinds = new LinkedHashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "select lower(split_part(ltrim(query), ' ', 1)), sum(calls), sum(rows) from pg_stat_statements"
            + " where query not like '%pg_stat%' and query not like '%pg_wal%' and query <> ''"
            + " group by 1 order by 2 desc")) {
      while (rs.next()) kinds.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
    }
    return kinds;
  }

  /** Each statement the store sent, with its calls per step, the most frequent first. */
  private static String eachStatement(Connection c) throws SQLException {
    StringBuilder out = new StringBuilder(String.format("%nper statement%n"));
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "select calls, regexp_replace(query, '\\s+', ' ', 'g') from pg_stat_statements"
            + " where query not like '%pg_stat%' and query not like '%pg_wal%' and query <> ''"
            + " order by calls desc, query")) {
      while (rs.next()) {
        String query = rs.getString(2);
        out.append(String.format("%6.2f  %s%n", rs.getLong(1) / (double) STEPS,
            query.length() > 110 ? query.substring(0, 110) + "…" : query));
      }
    }
    return out.toString();
  }

  private static String report(Snapshot before, Snapshot after, Map<String, long[]> statements) {
    StringBuilder out = new StringBuilder(String.format("store traffic per step (%d steps, one shell call of 2,000"
        + " characters each)%n%n", STEPS));
    out.append(String.format("%-18s %10s %10s%n", "statement", "per step", "rows/step"));
    long writes = 0;
    for (var e : statements.entrySet()) {
      out.append(String.format("%-18s %10.2f %10.2f%n", e.getKey(), e.getValue()[0] / (double) STEPS,
          e.getValue()[1] / (double) STEPS));
      if (e.getKey().matches("insert|update|delete")) writes += e.getValue()[0];
    }
    out.append(String.format("write statements per step: %.2f%n%n", writes / (double) STEPS));
    out.append(String.format("%-18s %9s %9s %9s %12s%n", "table", "ins/step", "upd/step", "del/step", "bytes/step"));
    long rows = 0;
    long bytes = 0;
    for (String table : after.tables().keySet()) {
      long[] a = after.tables().get(table);
      long[] b = before.tables().getOrDefault(table, new long[4]);
      rows += (a[0] - b[0]) + (a[1] - b[1]) + (a[2] - b[2]);
      bytes += a[3] - b[3];
      out.append(String.format("%-18s %9.2f %9.2f %9.2f %12.0f%n", table, (a[0] - b[0]) / (double) STEPS,
          (a[1] - b[1]) / (double) STEPS, (a[2] - b[2]) / (double) STEPS, (a[3] - b[3]) / (double) STEPS));
    }
    out.append(String.format("rows written per step: %.2f; table and index growth per step: %.0f bytes%n",
        rows / (double) STEPS, bytes / (double) STEPS));
    out.append(String.format("WAL per step: %.0f bytes; transactions committed per step: %.2f%n",
        (after.walLsn() - before.walLsn()) / (double) STEPS, (after.commits() - before.commits()) / (double) STEPS));
    return out.toString();
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
