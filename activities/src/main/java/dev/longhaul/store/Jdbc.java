package dev.longhaul.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDBC plumbing the stores share: each call takes a connection from the pool and gives it back,
 * and turns an {@link SQLException} into a {@link StoreException} saying what could not be done.
 */
final class Jdbc {
  private Jdbc() {}

  /** Reads the row the result set is on. */
  interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Statements run in one transaction. */
  interface Work {
    void run(Connection c) throws SQLException;
  }

  /** Runs one insert or update, {@code args} bound in order. */
  static void update(Database db, String sql, Object... args) {
    try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, args);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("could not write to the store: " + e.getMessage(), e);
    }
  }

  /**
   * The rows of one query, {@code args} bound in order.
   *
   * @param what what is read, for the error: "could not read " + what
   */
  static <T> List<T> query(Database db, String what, String sql, Row<T> row, Object... args) {
    try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, args);
      List<T> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) rows.add(row.read(rs));
      }
      return rows;
    } catch (SQLException e) {
      throw new StoreException("could not read " + what, e);
    }
  }

  /**
   * Runs {@code work} in one transaction: all of it is stored, or (on any exception, which is
   * rethrown) none of it.
   *
   * @param what what is stored, for the error: "could not store " + what
   */
  static void transaction(Database db, String what, Work work) {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        work.run(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        rollBack(c, e);
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("could not store " + what, e);
    }
  }

  /**
   * Rolls back after {@code failure}. The pool closes a connection whose error says it is broken
   * (as a bouncer's "prepared statement does not exist" does), and a rollback on it fails too; that
   * failure is kept as suppressed so the error the user sees is the one that stopped the work.
   */
  static void rollBack(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private static void bind(PreparedStatement s, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
  }
}
