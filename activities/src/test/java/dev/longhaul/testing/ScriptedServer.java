package dev.longhaul.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * What every fake model server shares: real HTTP on localhost, a script of {@link Reply}s given in
 * order and then a fallback, and a record of every request. A subclass says how a reply is sent
 * in its API's terms.
 */
abstract class ScriptedServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK's HTTP server leaves Nagle's algorithm on: a streamed reply's small writes then
    // wait for the client's delayed acknowledgement, 40 ms a response on Linux, which the
    // overhead benchmark measured as Longhaul's. Read once, when the first server starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Deque<Reply> script = new ArrayDeque<>();
  /** Replies for the requests of one task, ahead of the shared script. */
  private final java.util.Map<String, Deque<Reply>> scriptsByTask = new java.util.HashMap<>();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private Function<RecordedRequest, Reply> fallback;

  /** Serves {@code path} (under {@code /v1}) on a free port, on daemon threads named {@code thread}. */
  ScriptedServer(String thread, String path) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, thread);
      t.setDaemon(true);
      return t;
    });
    server.createContext(path, this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  synchronized void addScript(Reply... replies) {
    script.addAll(Arrays.asList(replies));
  }

  /**
   * Adds replies for the requests of task {@code taskId} (see {@link #taskKey}), given in order
   * before the shared script: tasks that run side by side (a best-of-N task's attempts) each
   * follow their own story.
   */
  synchronized void addScriptFor(String taskId, Reply... replies) {
    scriptsByTask.computeIfAbsent(taskId, k -> new ArrayDeque<>()).addAll(Arrays.asList(replies));
  }

  /** Which task a request belongs to, for {@link #addScriptFor}; the Responses cache key here. */
  String taskKey(RecordedRequest request) {
    return request.body().path("prompt_cache_key").asText("");
  }

  synchronized void setFallback(Function<RecordedRequest, Reply> fallback) {
    this.fallback = fallback;
  }

  public synchronized List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  synchronized void clearScript() {
    script.clear();
    scriptsByTask.clear();
    requests.clear();
    fallback = null;
  }

  /** Waits until at least {@code count} requests have arrived. */
  public List<RecordedRequest> awaitRequests(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (this) {
        if (requests.size() >= count) return List.copyOf(requests);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("expected " + count + " model requests, got " + requests().size());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      JsonNode body;
      try {
        body = JSON.readTree(raw);
      } catch (IOException e) {
        sendStatus(exchange, (Reply.Status) ModelScript.status(400, "fake model: request body is not JSON"));
        return;
      }
      RecordedRequest request =
          new RecordedRequest(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), raw, body);
      if (handledApart(exchange, request)) return;
      Reply reply;
      synchronized (this) {
        requests.add(request);
        Deque<Reply> own = scriptsByTask.get(taskKey(request));
        reply = own == null ? null : own.poll();
        if (reply == null) reply = script.poll();
        if (reply == null && fallback != null) reply = fallback.apply(request);
      }
      if (reply == null) {
        reply = ModelScript.status(400, "fake model: nothing scripted for request " + requests().size());
      }
      send(exchange, reply, request);
    }
  }

  /** Answers a request outside the script (a compaction, say); false to play the script. */
  boolean handledApart(HttpExchange exchange, RecordedRequest request) throws IOException {
    return false;
  }

  /** Sends {@code reply} to {@code request} in the API's terms. */
  abstract void send(HttpExchange exchange, Reply reply, RecordedRequest request) throws IOException;

  static void sendStatus(HttpExchange exchange, Reply.Status s) throws IOException {
    s.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    byte[] bytes = s.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(s.code(), bytes.length);
    exchange.getResponseBody().write(bytes);
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
