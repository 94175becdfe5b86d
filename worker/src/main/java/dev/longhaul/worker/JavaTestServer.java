package dev.longhaul.worker;

import io.temporal.testserver.TestServer;
import java.util.OptionalLong;

/**
 * The Java SDK's test server bound to a port, in this JVM, in real time. It keeps workflows in
 * memory, so they end with the process, and has no UI.
 */
public final class JavaTestServer implements TemporalServer {
  private final TestServer.PortBoundTestServer server;
  private final int port;

  private JavaTestServer(TestServer.PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** @param port the port for Temporal's gRPC API; 0 for any free port */
  public static JavaTestServer start(int port) {
    int bound = port == 0 ? Ports.free() : port;
    // Time skipping locked: the dev server runs in real time, like a real cluster.
    return new JavaTestServer(TestServer.createPortBoundServer(bound, true), bound);
  }

  @Override
  public Kind kind() {
    return Kind.java_test_server;
  }

  @Override
  public String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public String uiAddress() {
    return null;
  }

  @Override
  public OptionalLong pid() {
    return OptionalLong.empty();
  }

  @Override
  public void close() {
    server.close();
  }
}
