package dev.longhaul.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** What the fake model servers share: an HTTP server on loopback, server-sent events, JSON replies. */
final class FakeHttp implements AutoCloseable {
  final HttpServer server;
  private final ExecutorService executor;

  private FakeHttp(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** A server on a free loopback port, answering {@code path} (and below it) with {@code handler}. */
  static FakeHttp start(String path, HttpHandler handler, String threadName) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, threadName);
        t.setDaemon(true);
        return t;
      });
      server.createContext(path, handler);
      server.setExecutor(executor);
      server.start();
      return new FakeHttp(server, executor);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Waits until {@code requests} holds at least {@code count}, reading it under {@code lock}. */
  static List<RecordedRequest> await(Object lock, Supplier<List<RecordedRequest>> requests, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (lock) {
        List<RecordedRequest> now = requests.get();
        if (now.size() >= count) return List.copyOf(now);
      }
      Thread.sleep(20);
    }
    synchronized (lock) {
      throw new AssertionError("expected " + count + " model requests, got " + requests.get().size());
    }
  }

  /** An HTTP error (or any JSON answer) with its headers. */
  static void send(HttpExchange exchange, Reply.Status status) throws IOException {
    status.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    byte[] bytes = status.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status.code(), bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  static void event(OutputStream out, String type, String data) throws IOException {
    out.write(("event: " + type + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
