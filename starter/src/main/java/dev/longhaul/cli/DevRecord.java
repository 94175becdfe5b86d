package dev.longhaul.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a running {@code longhaul dev} can be reached, recorded in {@code ~/.longhaul/dev.json} so
 * that the other commands find it without configuration.
 */
public record DevRecord(String temporalAddress, String namespace, String databaseUrl, long pid) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path file(Path home) {
    return home.resolve("dev.json");
  }

  /** The record of a dev stack that is still running; a stale record is ignored. */
  public static Optional<DevRecord> read(Path home) {
    Path file = file(home);
    if (!Files.exists(file)) return Optional.empty();
    try {
      DevRecord record = JSON.readValue(file.toFile(), DevRecord.class);
      boolean alive = ProcessHandle.of(record.pid()).map(ProcessHandle::isAlive).orElse(false);
      return alive ? Optional.of(record) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public void write(Path home) {
    try {
      Files.createDirectories(home);
      JSON.writerWithDefaultPrettyPrinter().writeValue(file(home).toFile(), this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void delete(Path home) {
    try {
      Files.deleteIfExists(file(home));
    } catch (IOException ignored) {
      // a leftover record is ignored once its pid is gone
    }
  }
}
