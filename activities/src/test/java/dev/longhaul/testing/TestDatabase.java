package dev.longhaul.testing;

import dev.longhaul.store.Database;
import dev.longhaul.store.Store;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real PostgreSQL per test JVM, started on first use and stopped when the JVM exits. Tests
 * share it and keep apart by using their own task ids.
 */
public final class TestDatabase {
  private static EmbeddedPostgres postgres;
  private static Database database;

  private TestDatabase() {}

  public static synchronized String url() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stop));
    }
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  /**
   * The URL of a new, empty database {@code prefix_<n>} on the same PostgreSQL: a store of its own
   * (not migrated yet), for a test that needs one apart from the shared store.
   */
  public static String newDatabase(String prefix) {
    String name = prefix + "_" + Long.toHexString(System.nanoTime());
    try (Connection c = database().dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return url().replace("/postgres?", "/" + name + "?");
  }

  public static synchronized Database database() {
    if (database == null) database = Database.connect(url());
    return database;
  }

  public static Store store() {
    return new Store(database());
  }

  private static synchronized void stop() {
    try {
      if (database != null) database.close();
      if (postgres != null) postgres.close();
    } catch (IOException ignored) {
      // the JVM is exiting
    }
  }
}
