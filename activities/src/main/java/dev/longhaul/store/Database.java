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
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(16);
    config.setPoolName("longhaul");
    config.setInitializationFailTimeout(10_000);
    Database database = new Database(new HikariDataSource(config));
    try {
      database.migrate();
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return database;
  }

  public DataSource dataSource() {
    return pool;
  }

  Connection connection() throws SQLException {
    return pool.getConnection();
  }

  private void migrate() {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("select pg_advisory_lock(" + MIGRATION_LOCK + ")");
      try {
        s.execute(
            "create table if not exists schema_version (version integer primary key,"
                + " applied_at timestamptz not null default now())");
        int current;
        try (var rs = s.executeQuery("select coalesce(max(version), 0) from schema_version")) {
          rs.next();
          current = rs.getInt(1);
        }
        for (int version = current + 1; ; version++) {
          String script = script(version);
          if (script == null) break;
          c.setAutoCommit(false);
          try {
            s.execute(script);
            s.execute("insert into schema_version (version) values (" + version + ")");
            c.commit();
          } catch (SQLException e) {
            // Roll back first, or the unlock below would fail too and hide this error.
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
        }
      } finally {
        s.execute("select pg_advisory_unlock(" + MIGRATION_LOCK + ")");
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
