package dev.longhaul.cli;

import dev.longhaul.store.Database;
import dev.longhaul.store.StoreReader;
import dev.longhaul.worker.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The store for commands that only read it ({@code list}, {@code transcript}, {@code usage},
 * {@code checkpoints}): the read replica when {@code LONGHAUL_DATABASE_READ_URL} names one (what
 * they show may then be a moment behind the primary), else the configured store or the dev
 * stack's; with none running, the embedded database under Longhaul's home is started for the
 * command, so past tasks stay readable after {@code longhaul dev} has stopped.
 */
final class StoreAccess implements AutoCloseable {
  private final EmbeddedDatabase embedded;
  private final Database database;

  private StoreAccess(EmbeddedDatabase embedded, Database database) {
    this.embedded = embedded;
    this.database = database;
  }

  static StoreAccess open(Cli cli) {
    String readUrl = cli.endpoints().readUrl();
    if (readUrl != null) return new StoreAccess(null, Replicas.connect(readUrl));
    String url = cli.endpoints().databaseUrl();
    if (url != null) return new StoreAccess(null, connect(url));
    Path data = cli.home().resolve("postgres");
    if (!Files.isDirectory(data)) {
      throw new CliException("no store yet: set LONGHAUL_DATABASE_URL, or run a task first");
    }
    EmbeddedDatabase embedded;
    try {
      embedded = EmbeddedDatabase.start(data, 0);
    } catch (RuntimeException e) {
      throw new CliException("the store in " + data + " is in use by another longhaul command (an"
          + " in-process run?); wait for it, or start `longhaul dev` and run tasks there");
    }
    return new StoreAccess(embedded, connect(embedded.jdbcUrl()));
  }

  StoreReader store() {
    return new StoreReader(database);
  }

  private static Database connect(String url) {
    try {
      return Database.connect(url);
    } catch (RuntimeException e) {
      throw new CliException("cannot reach the store: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    database.close();
    if (embedded != null) embedded.close();
  }
}
