package dev.longhaul.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Temporal's own development server ({@code temporal server start-dev}) for a test: free ports,
 * its UI, a SQLite file, Longhaul's search attributes registered; stopped with its process tree.
 */
final class TemporalDevServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final int uiPort;
  private final Path log;

  private TemporalDevServer(Process process, int port, int uiPort, Path log) {
    this.process = process;
    this.port = port;
    this.uiPort = uiPort;
    this.log = log;
  }

  static TemporalDevServer start(Path database) throws IOException, InterruptedException {
    int port = freePort();
    int uiPort = freePort();
    List<String> command = new ArrayList<>(List.of(
        ExternalPrograms.temporalCli().orElseThrow(), "server", "start-dev",
        "--ip", "127.0.0.1", "--port", String.valueOf(port), "--ui-port", String.valueOf(uiPort),
        "--db-filename", database.toString(), "--namespace", "default", "--log-level", "error",
        "--ui-disable-news-fetch"));
    SearchAttributes.ALL.forEach((name, type) -> {
      command.add("--search-attribute");
      command.add(name + "=" + SearchAttributes.cliType(type));
    });
    Path log = Files.createTempFile("temporal-dev-", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    TemporalDevServer server = new TemporalDevServer(process, port, uiPort, log);
    server.awaitListening(port);
    server.awaitListening(uiPort);
    return server;
  }

  String frontend() {
    return "127.0.0.1:" + port;
  }

  String ui() {
    return "127.0.0.1:" + uiPort;
  }

  private void awaitListening(int port) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("the Temporal dev server exited: " + Files.readString(log));
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("the Temporal dev server did not listen on " + port + ": " + Files.readString(log));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
