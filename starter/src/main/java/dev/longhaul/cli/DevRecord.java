package dev.longhaul.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.worker.TemporalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a running {@code longhaul dev} can be reached, recorded in {@code ~/.longhaul/dev.json} so
 * that the other commands find it without configuration.
 *
 * @param pid the {@code longhaul dev} process
 * @param server which Temporal server it runs (null in a record from before there was a choice)
 * @param uiAddress the Temporal UI's address; null when the server has none
 * @param serverPid the Temporal server's own process, when it is one (0 otherwise): what the next
 *     {@code longhaul dev} stops if this one was killed and left it running
 */
public record DevRecord(
    String temporalAddress, String namespace, String databaseUrl, long pid, TemporalServer.Kind server,
    String uiAddress, long serverPid) {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** A stack on the Java test server in this process. */
  public DevRecord(String temporalAddress, String namespace, String databaseUrl, long pid) {
    this(temporalAddress, namespace, databaseUrl, pid, TemporalServer.Kind.java_test_server, null, 0);
  }

  static Path file(Path home) {
    return home.resolve("dev.json");
  }

  /** The record of a dev stack that is still running; a stale record is ignored. */
  public static Optional<DevRecord> read(Path home) {
    return readAny(home).filter(record -> ProcessHandle.of(record.pid()).map(ProcessHandle::isAlive).orElse(false));
  }

  /** The record, of a running stack or of one that was killed before it could delete it. */
  static Optional<DevRecord> readAny(Path home) {
    Path file = file(home);
    if (!Files.exists(file)) return Optional.empty();
    try {
      return Optional.of(JSON.readValue(file.toFile(), DevRecord.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Whether workers of this stack's server need the Java test server's workarounds. */
  boolean onJavaTestServer() {
    return server != TemporalServer.Kind.temporal_cli;
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
