package dev.longhaul.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The PostgreSQL connection pool, and the schema migrations run when a worker starts.
 *
 * <p>Migrations are the numbered scripts {@code db/V1.sql}, {@code db/V2.sql}, … on the classpath,
 * applied in order under an advisory lock, so several workers starting at once migrate once.
 *
 * <p>Everything here works behind PgBouncer in transaction pooling mode, where consecutive
 * transactions of one client connection may run on different server connections: no statement
 * leaves state in a session (no {@code SET}, temporary tables, {@code LISTEN} or session advisory
 * locks: the migration lock is {@code pg_advisory_xact_lock}, held by the transaction that applies
 * a script), and the driver prepares no named server-side statements ({@code prepareThreshold=0}).
 */
public final class Database implements AutoCloseable {
  private static final long MIGRATION_LOCK = 0x4c6f6e6768L; // "Longh"

  private final HikariDataSource pool;

  private Database(HikariDataSource pool) {
    this.pool = pool;
  }

  /**
   * Connects and migrates.
   *
   * @param url a JDBC URL ({@code jdbc:postgresql://host:port/db?user=…&password=…})
   */
  public static Database connect(String url) {
    Database database = new Database(pool(url, "longhaul"));
    try {
      database.migrate();
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return database;
  }

  /**
   * Connects to a database that is only read (a read replica): no migrations, which a hot standby
   * would refuse; the primary's workers apply them and the replica follows.
   */
  public static Database connectForReading(String url) {
    return new Database(pool(url, "longhaul-read"));
  }

  private static HikariDataSource pool(String url, String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    // Behind PgBouncer in transaction pooling mode a named prepared statement made on one server
    // connection is missing on the next (PgBouncer 1.18, Debian 12's, cannot track them; 1.21's
    // max_prepared_statements can). With 0 the driver sends every statement unnamed, parsed each
    // time: our statements are short primary-key reads and writes, so that costs microseconds,
    // and the same URL works direct and pooled. A URL that sets prepareThreshold itself wins.
    config.addDataSourceProperty("prepareThreshold", "0");
    config.setMaximumPoolSize(16);
    config.setPoolName(name);
    config.setInitializationFailTimeout(10_000);
    return new HikariDataSource(config);
  }

  public DataSource dataSource() {
    return pool;
  }

  Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /**
   * Applies the scripts this database lacks, each in a transaction of its own that first takes the
   * migration lock: a transaction-scoped advisory lock, released by the commit, so it holds behind
   * a transaction-pooling PgBouncer too (a session lock could be taken on one server connection and
   * released on another). A worker that waited for the lock reads the version again and finds
   * nothing left to do.
   */
  private void migrate() {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      while (true) {
        try {
          s.execute("select pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
          s.execute(
              "create table if not exists schema_version (version integer primary key,"
                  + " applied_at timestamptz not null default now())");
          int next;
          try (var rs = s.executeQuery("select coalesce(max(version), 0) + 1 from schema_version")) {
            rs.next();
            next = rs.getInt(1);
          }
          String script = script(next);
          if (script == null) {
            c.commit();
            return;
          }
          s.execute(script);
          s.execute("insert into schema_version (version) values (" + next + ")");
          c.commit();
        } catch (SQLException | RuntimeException e) {
          Jdbc.rollBack(c, e);
          throw e;
        }
      }
    } catch (SQLException e) {
      throw new StoreException("could not migrate the database: " + e.getMessage(), e);
    }
  }

  private static String script(int version) {
    try (InputStream in = Database.class.getResourceAsStream("/db/V" + version + ".sql")) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StoreException("could not read migration V" + version, e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
