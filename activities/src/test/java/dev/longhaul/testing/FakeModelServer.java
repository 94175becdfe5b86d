package dev.longhaul.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A stand-in for OpenAI's Responses API that speaks real HTTP on localhost and streams real
 * server-sent events. Replies come from a script, in order; once the script is used up, from the
 * fallback function, if one is set. Every request is recorded for assertions.
 */
public final class FakeModelServer extends ScriptedServer {
  private final List<RecordedRequest> compactionRequests = new ArrayList<>();
  private final List<String> issuedCompactions = new ArrayList<>();
  private Compaction compaction = Compaction.SUPPORTED;
  private int compactionPadding;
  private java.time.Duration compactionDelay = java.time.Duration.ZERO;
  private int compactionsAnswered;
  private final PromptCache cache = new PromptCache();
  private boolean shuffleTools;
  private boolean meterUsage = true;

  /** How the fake answers {@code POST /responses/compact}. */
  public enum Compaction {
    /** Kept user messages and one opaque compaction item, as OpenAI does. */
    SUPPORTED,
    /** 404: a provider without the endpoint. */
    UNSUPPORTED,
    /** 500, every time. */
    FAILING
  }

  private FakeModelServer() {
    super("fake-model", "/v1/responses");
  }

  public static FakeModelServer start() {
    return new FakeModelServer();
  }

  /** Adds replies to the script, to be given in order. */
  public FakeModelServer script(Reply... replies) {
    addScript(replies);
    return this;
  }

  /**
   * Adds replies for the requests whose {@code prompt_cache_key} is {@code taskId}, given in order
   * before the shared script: tasks that run side by side (a best-of-N task's attempts) each
   * follow their own story.
   */
  public FakeModelServer scriptFor(String taskId, Reply... replies) {
    addScriptFor(taskId, replies);
    return this;
  }

  /** Answers with {@code fallback} once the script is used up. */
  public FakeModelServer otherwise(Function<RecordedRequest, Reply> fallback) {
    setFallback(fallback);
    return this;
  }

  public synchronized FakeModelServer compaction(Compaction compaction) {
    this.compaction = compaction;
    return this;
  }

  /** Makes each compaction item this many characters longer: a compaction that leaves no room. */
  public synchronized FakeModelServer padCompactions(int characters) {
    this.compactionPadding = characters;
    return this;
  }

  /**
   * Caches as if the client had sent its tools in a new order with every request: the variant a
   * benchmark compares prefix discipline against.
   */
  /**
   * Whether usage counts the request's tokens and simulates the prompt cache (the default), or,
   * for benchmarks of what Longhaul itself costs, estimates input tokens as a quarter of the
   * request's characters and reports no cached tokens: counting tokens of a long request takes
   * this fake longer than Longhaul takes for the rest of a step.
   */
  public synchronized FakeModelServer meterUsage(boolean meter) {
    this.meterUsage = meter;
    return this;
  }

  public synchronized FakeModelServer shuffleToolsBeforeCaching(boolean shuffle) {
    this.shuffleTools = shuffle;
    return this;
  }

  /** Makes each compaction take this long before it answers: time to kill a worker mid-compaction. */
  public synchronized FakeModelServer delayCompactions(java.time.Duration delay) {
    this.compactionDelay = delay;
    return this;
  }

  public synchronized List<RecordedRequest> compactionRequests() {
    return List.copyOf(compactionRequests);
  }

  /** How many compactions the fake has answered (a delayed one counts once its answer is sent). */
  public synchronized int compactionsAnswered() {
    return compactionsAnswered;
  }

  /** Every compaction item issued, as the raw JSON text sent. */
  public synchronized List<String> issuedCompactions() {
    return List.copyOf(issuedCompactions);
  }

  public synchronized void reset() {
    clearScript();
    compactionRequests.clear();
    issuedCompactions.clear();
    compaction = Compaction.SUPPORTED;
    compactionPadding = 0;
    compactionDelay = java.time.Duration.ZERO;
    compactionsAnswered = 0;
    shuffleTools = false;
    meterUsage = true;
  }

  @Override
  boolean handledApart(HttpExchange exchange, RecordedRequest request) throws IOException {
    if (!request.path().endsWith("/responses/compact")) return false;
    compact(exchange, request);
    return true;
  }

  private void compact(HttpExchange exchange, RecordedRequest request) throws IOException {
    Compaction mode;
    String item;
    java.time.Duration delay;
    synchronized (this) {
      compactionRequests.add(request);
      mode = compaction;
      delay = compactionDelay;
      long n = issuedCompactions.size() + 1;
      item = "{\"type\":\"compaction\",\"id\":\"cmp_" + n + "\",\"encrypted_content\":\"gAAAAcompacted-"
          + n + "-" + "z".repeat(compactionPadding) + "\\u002b==\"}";
      if (mode == Compaction.SUPPORTED) issuedCompactions.add(item);
    }
    sleep(delay);
    if (mode == Compaction.UNSUPPORTED) {
      sendStatus(exchange, (Reply.Status) ModelScript.status(404, "Not found: /v1/responses/compact"));
      return;
    }
    if (mode == Compaction.FAILING) {
      sendStatus(exchange, (Reply.Status) ModelScript.status(500, "compaction is broken"));
      return;
    }
    // Like the provider: the user's messages are kept verbatim; everything else becomes one item.
    StringBuilder output = new StringBuilder();
    for (String element : dev.longhaul.model.RawJson.arrayElements(request.rawBody(), "input")) {
      JsonNode node = JSON.readTree(element);
      if (node.path("type").asText().equals("message") && node.path("role").asText().equals("user")) {
        output.append(element).append(',');
      }
    }
    output.append(item);
    byte[] bytes = ("{\"id\":\"cmp_resp\",\"object\":\"response.compaction\",\"output\":[" + output
        + "],\"usage\":{\"input_tokens\":" + TokenMeter.inputTokens(request.body())
        + ",\"output_tokens\":50}}").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    synchronized (this) {
      compactionsAnswered++;
    }
  }

  @Override
  void send(HttpExchange exchange, Reply reply, RecordedRequest request) throws IOException {
    if (reply instanceof Reply.Status s) {
      sendStatus(exchange, s);
    } else if (reply instanceof Reply.Garbage g) {
      exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, 0);
      exchange.getResponseBody().write(g.body().getBytes(StandardCharsets.UTF_8));
    } else if (reply instanceof Reply.Hang h) {
      exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, 0);
      exchange.getResponseBody().flush();
      sleep(h.silence());
    } else if (reply instanceof Reply.Trickle t) {
      OutputStream out = startStream(exchange);
      long end = System.nanoTime() + t.total().toNanos();
      while (System.nanoTime() < end) {
        sleep(t.interval());
        if (Thread.currentThread().isInterrupted()) return;
        event(out, "response.in_progress",
            "{\"type\":\"response.in_progress\",\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\"}}");
      }
    } else if (reply instanceof Reply.Stream || reply instanceof Reply.Silent) {
      Reply.Stream s = reply instanceof Reply.Silent silent ? silent.then() : (Reply.Stream) reply;
      OutputStream out = startStream(exchange);
      if (reply instanceof Reply.Silent silent) sleep(silent.silence());
      writeItems(out, s.items());
      boolean meter;
      synchronized (this) {
        meter = meterUsage;
      }
      long input = request == null ? 0 : meter ? TokenMeter.inputTokens(request.body()) : request.rawBody().length() / 4;
      long cached;
      synchronized (this) {
        cached = request == null || !meter ? 0 : cache.cachedTokens(request.body(), shuffleTools);
      }
      event(out, "response.completed",
          "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\","
              + "\"usage\":{\"input_tokens\":" + input + ",\"input_tokens_details\":{\"cached_tokens\":" + cached + "},"
              + "\"output_tokens\":" + s.outputTokens() + ",\"output_tokens_details\":{\"reasoning_tokens\":0},"
              + "\"total_tokens\":" + (input + s.outputTokens()) + "}}}");
    } else if (reply instanceof Reply.CutOff c) {
      writeItems(startStream(exchange), c.items());
    } else if (reply instanceof Reply.Events e) {
      exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      for (String data : e.data()) {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } else if (reply instanceof Reply.Failed f) {
      OutputStream out = startStream(exchange);
      event(out, "response.failed",
          "{\"type\":\"response.failed\",\"response\":{\"status\":\"failed\",\"error\":{\"code\":"
              + ModelScript.quote(f.code()) + ",\"message\":" + ModelScript.quote(f.message()) + "}}}");
    }
  }

  private static OutputStream startStream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    event(out, "response.created", "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\"}}");
    return out;
  }

  private static void writeItems(OutputStream out, List<String> items) throws IOException {
    for (int i = 0; i < items.size(); i++) {
      event(out, "response.output_item.added",
          "{\"type\":\"response.output_item.added\",\"output_index\":" + i + ",\"item\":{\"type\":\"placeholder\"}}");
      event(out, "response.output_item.done",
          "{\"type\":\"response.output_item.done\",\"output_index\":" + i + ",\"item\":" + items.get(i) + "}");
    }
  }

  private static void event(OutputStream out, String type, String data) throws IOException {
    out.write(("event: " + type + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
