package dev.longhaul.worker;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real PostgreSQL run from binaries shipped through Maven Central, with its data directory kept
 * on disk, so the development stack's transcripts outlive the process.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** @param port 0 for any free port */
  public static EmbeddedDatabase start(Path dataDirectory, int port) {
    try {
      Files.createDirectories(dataDirectory);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false);
      if (port != 0) builder.setPort(port);
      return new EmbeddedDatabase(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDirectory, e);
    }
  }

  /**
   * Stops a PostgreSQL still running on {@code dataDirectory} after the process that started it
   * was killed: PostgreSQL runs detached from it and outlives a SIGKILL, holding the directory, so
   * that the next start would fail. The caller makes sure that no live process of its own uses
   * the directory. Returns the pid it stopped.
   */
  public static OptionalLong stopLeftover(Path dataDirectory) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    try {
      if (!Files.exists(pidFile)) return OptionalLong.empty();
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
      var postgres = ProcessHandle.of(pid)
          .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
      if (postgres.isEmpty()) return OptionalLong.empty();
      postgres.get().destroy(); // SIGTERM: a smart shutdown, quick with the killed process's connections gone
      try {
        postgres.get().onExit().get(15, TimeUnit.SECONDS);
      } catch (TimeoutException | ExecutionException e) {
        postgres.get().destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return OptionalLong.of(pid);
    } catch (IOException | RuntimeException unreadable) {
      return OptionalLong.empty();
    }
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
