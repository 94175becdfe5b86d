package dev.longhaul.worker;

import java.util.OptionalLong;

/**
 * The Temporal server of the development stack: Temporal's own development server from the
 * Temporal CLI ({@link CliDevServer}), or the Java SDK's test server ({@link JavaTestServer}).
 */
public interface TemporalServer extends AutoCloseable {
  /** Which server it is; the names are what {@code dev.json} records. */
  enum Kind {
    /** {@code temporal server start-dev}: the UI, workflows kept in a SQLite file. */
    temporal_cli,
    /** The Java SDK's in-memory test server: no UI, workflows end with the process. */
    java_test_server
  }

  Kind kind();

  /** The frontend's gRPC address, {@code host:port}. */
  String address();

  /** The UI's address ({@code http://…}); null when the server has none. */
  String uiAddress();

  /** The server's own process, when it runs outside this JVM. */
  OptionalLong pid();

  @Override
  void close();
}
