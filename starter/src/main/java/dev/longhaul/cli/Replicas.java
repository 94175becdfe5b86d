package dev.longhaul.cli;

import dev.longhaul.store.Database;

/**
 * The read replica named by {@code LONGHAUL_DATABASE_READ_URL}. A replica applies the primary's
 * changes a moment later (milliseconds, more under load), so what is read here can be that much
 * behind: a status one step old, a transcript without its newest item. Commands read here only what
 * may lag; a read that must see a write just made goes to the primary and says why.
 */
final class Replicas {
  private Replicas() {}

  /** Connects without migrating (a replica takes no writes); fails with one line naming the variable. */
  static Database connect(String url) {
    String variable = Endpoints.READ_URL_VARIABLE;
    if (!url.startsWith("jdbc:postgresql:")) {
      // Not the value: it may hold a password.
      throw new CliException("invalid configuration: " + variable
          + " must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database?user=…)");
    }
    try {
      return Database.connectForReading(url);
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      throw new CliException("cannot reach the read replica at " + variable + ": " + why);
    }
  }
}
