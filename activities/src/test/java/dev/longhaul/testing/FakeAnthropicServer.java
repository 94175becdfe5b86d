package dev.longhaul.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A stand-in for Anthropic's Messages API over real HTTP on localhost: {@code POST /v1/messages},
 * streamed in Anthropic's events ({@code message_start}, {@code content_block_start}/{@code
 * _delta}/{@code _stop}, {@code message_delta}, {@code message_stop}, {@code ping}, {@code
 * error}). Replies come from a script of {@link Reply}s whose items are content blocks (see
 * {@link AnthropicScript}). Usage follows {@link AnthropicCache}. Like Anthropic, it rejects a
 * request whose messages break the API's rules (roles that do not alternate, a {@code tool_use}
 * not answered first thing in the next user message, more than four breakpoints, a breakpoint on
 * a thinking block), so a client bug fails loudly. A request with {@code context_management} is
 * a server-side compaction, answered with one {@code compaction} block.
 */
public final class FakeAnthropicServer extends ScriptedServer {

  /** How the fake answers a compaction request. */
  public enum Compaction { SUPPORTED, UNSUPPORTED, FAILING }

  private final List<RecordedRequest> compactionRequests = new ArrayList<>();
  private final List<AnthropicCache.Billing> billings = new ArrayList<>();
  private final List<String> issuedCompactions = new ArrayList<>();
  private final AnthropicCache cache = new AnthropicCache();
  private Compaction compaction = Compaction.SUPPORTED;
  private String requiredKey;
  private long messages;
  private int counted;

  private FakeAnthropicServer() {
    super("fake-anthropic", "/v1/messages");
  }

  public static FakeAnthropicServer start() {
    return new FakeAnthropicServer();
  }

  /** The base URL, as ANTHROPIC_BASE_URL takes it (without {@code /v1}). */
  @Override
  public String baseUrl() {
    return super.baseUrl().replaceAll("/v1$", "");
  }

  public FakeAnthropicServer script(Reply... replies) {
    addScript(replies);
    return this;
  }

  public FakeAnthropicServer otherwise(Function<RecordedRequest, Reply> fallback) {
    setFallback(fallback);
    return this;
  }

  public synchronized FakeAnthropicServer compaction(Compaction compaction) {
    this.compaction = compaction;
    return this;
  }

  /** Answers 401 {@code authentication_error} unless the request's {@code x-api-key} is this. */
  public synchronized FakeAnthropicServer requireKey(String key) {
    this.requiredKey = key;
    return this;
  }

  /** The cache billing of each sampling request, in order. */
  public synchronized List<AnthropicCache.Billing> billings() {
    return List.copyOf(billings);
  }

  public synchronized List<RecordedRequest> compactionRequests() {
    return List.copyOf(compactionRequests);
  }

  /** Every compaction block issued, as the raw JSON text sent. */
  public synchronized List<String> issuedCompactions() {
    return List.copyOf(issuedCompactions);
  }

  /** Forgets the script, the requests and the settings; the cache stays, as Anthropic's would. */
  public synchronized void reset() {
    clearScript();
    compactionRequests.clear();
    billings.clear();
    issuedCompactions.clear();
    compaction = Compaction.SUPPORTED;
    requiredKey = null;
    counted = 0;
  }

  /**
   * What Anthropic answers before a request reaches the model: a wrong key, a token count, a
   * request that breaks the API's rules, and a compaction.
   */
  @Override
  boolean handledApart(HttpExchange exchange, RecordedRequest request) throws IOException {
    String key;
    synchronized (this) {
      key = requiredKey;
    }
    if (key != null && !key.equals(request.header("x-api-key"))) {
      sendStatus(exchange, AnthropicScript.error(401, "authentication_error", "invalid x-api-key"));
      return true;
    }
    if (request.path().endsWith("/count_tokens")) {
      countTokens(exchange, request);
      return true;
    }
    String invalid = AnthropicRules.violation(request);
    if (invalid != null) {
      sendStatus(exchange, AnthropicScript.error(400, "invalid_request_error", invalid));
      return true;
    }
    if (request.body().has("context_management")) {
      compact(exchange, request);
      return true;
    }
    return false;
  }

  /** {@code POST /v1/messages/count_tokens}: refuses the sampling fields, as Anthropic does. */
  private void countTokens(HttpExchange exchange, RecordedRequest request) throws IOException {
    for (String field : List.of("max_tokens", "stream", "context_management")) {
      if (request.body().has(field)) {
        sendStatus(exchange, AnthropicScript.error(400, "invalid_request_error", field + ": Extra inputs are not permitted"));
        return;
      }
    }
    long tokens;
    synchronized (this) {
      counted++;
      tokens = cache.tokens(request.body());
    }
    byte[] bytes = ("{\"input_tokens\":" + tokens + "}").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** How many token counts were asked for. */
  public synchronized int tokenCounts() {
    return counted;
  }

  private void compact(HttpExchange exchange, RecordedRequest request) throws IOException {
    Compaction mode;
    String block;
    AnthropicCache.Billing billing;
    synchronized (this) {
      compactionRequests.add(request);
      mode = compaction;
      billing = cache.bill(request.body());
      block = "{\"type\":\"compaction\",\"content\":\"Summary " + (issuedCompactions.size() + 1)
          + ": the task so far \\u2014 files read, patches made.\"}";
      if (mode == Compaction.SUPPORTED) issuedCompactions.add(block);
    }
    if (mode == Compaction.UNSUPPORTED) {
      sendStatus(exchange, AnthropicScript.error(400, "invalid_request_error",
          "context_management: compact_20260112 is not supported for this model"));
      return;
    }
    if (mode == Compaction.FAILING) {
      sendStatus(exchange, AnthropicScript.error(500, "api_error", "Internal server error"));
      return;
    }
    byte[] bytes = ("{\"id\":\"msg_compact\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[" + block
        + "],\"stop_reason\":\"compaction\",\"usage\":" + usage(billing, 400) + "}").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  void send(HttpExchange exchange, Reply reply, RecordedRequest request) throws IOException {
    AnthropicCache.Billing billing;
    synchronized (this) {
      billing = cache.bill(request.body());
      billings.add(billing);
    }
    String model = request.body().path("model").asText();
    if (reply instanceof Reply.Status s) {
      sendStatus(exchange, s);
    } else if (reply instanceof Reply.Garbage g) {
      OutputStream out = headers(exchange);
      out.write(g.body().getBytes(StandardCharsets.UTF_8));
    } else if (reply instanceof Reply.Hang h) {
      headers(exchange).flush();
      sleep(h.silence());
    } else if (reply instanceof Reply.Trickle t) {
      OutputStream out = messageStart(exchange, billing, model);
      long end = System.nanoTime() + t.total().toNanos();
      while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
        sleep(t.interval());
        event(out, "ping", "{\"type\":\"ping\"}");
      }
    } else if (reply instanceof Reply.Stream || reply instanceof Reply.Silent) {
      Reply.Stream s = reply instanceof Reply.Silent silent ? silent.then() : (Reply.Stream) reply;
      OutputStream out = messageStart(exchange, billing, model);
      if (reply instanceof Reply.Silent silent) sleep(silent.silence());
      writeBlocks(out, s.items());
      boolean calls = s.items().stream().anyMatch(b -> b.contains("\"tool_use\""));
      event(out, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
          + (calls ? "tool_use" : "end_turn") + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":"
          + s.outputTokens() + "}}");
      event(out, "message_stop", "{\"type\":\"message_stop\"}");
    } else if (reply instanceof Reply.CutOff c) {
      writeBlocks(messageStart(exchange, billing, model), c.items());
    } else if (reply instanceof Reply.Events e) {
      OutputStream out = headers(exchange);
      for (String data : e.data()) event(out, JSON.readTree(data).path("type").asText(), data);
    } else if (reply instanceof Reply.Failed f) {
      OutputStream out = messageStart(exchange, billing, model);
      event(out, "error", "{\"type\":\"error\",\"error\":{\"type\":" + ModelScript.quote(f.code())
          + ",\"message\":" + ModelScript.quote(f.message()) + "}}");
    }
  }

  private OutputStream messageStart(HttpExchange exchange, AnthropicCache.Billing billing, String model) throws IOException {
    OutputStream out = headers(exchange);
    long id;
    synchronized (this) {
      id = ++messages;
    }
    event(out, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_" + id
        + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":" + ModelScript.quote(model)
        + ",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":" + usage(billing, 1) + "}}");
    event(out, "ping", "{\"type\":\"ping\"}");
    return out;
  }

  private static String usage(AnthropicCache.Billing billing, long output) {
    return "{\"input_tokens\":" + billing.input() + ",\"cache_creation_input_tokens\":" + billing.cacheWrite()
        + ",\"cache_read_input_tokens\":" + billing.cacheRead() + ",\"output_tokens\":" + output + "}";
  }

  /** Each block as Anthropic streams it: an empty start, then deltas, then a stop. */
  private static void writeBlocks(OutputStream out, List<String> blocks) throws IOException {
    for (int i = 0; i < blocks.size(); i++) {
      JsonNode block = JSON.readTree(blocks.get(i));
      String index = "\"index\":" + i;
      switch (block.path("type").asText()) {
        case "text" -> {
          start(out, index, "{\"type\":\"text\",\"text\":\"\"}");
          for (String piece : halves(block.path("text").asText())) {
            delta(out, index, "{\"type\":\"text_delta\",\"text\":" + ModelScript.quote(piece) + "}");
          }
        }
        case "thinking" -> {
          start(out, index, "{\"type\":\"thinking\",\"thinking\":\"\"}");
          for (String piece : halves(block.path("thinking").asText())) {
            delta(out, index, "{\"type\":\"thinking_delta\",\"thinking\":" + ModelScript.quote(piece) + "}");
          }
          delta(out, index, "{\"type\":\"signature_delta\",\"signature\":"
              + ModelScript.quote(block.path("signature").asText()) + "}");
        }
        case "tool_use" -> {
          start(out, index, "{\"type\":\"tool_use\",\"id\":" + ModelScript.quote(block.path("id").asText())
              + ",\"name\":" + ModelScript.quote(block.path("name").asText()) + ",\"input\":{}}");
          String input = block.has("raw_input") ? block.path("raw_input").asText() : block.path("input").toString();
          for (String piece : halves(input)) {
            delta(out, index, "{\"type\":\"input_json_delta\",\"partial_json\":" + ModelScript.quote(piece) + "}");
          }
        }
        default -> start(out, index, blocks.get(i)); // arrives whole, like redacted_thinking
      }
      event(out, "content_block_stop", "{\"type\":\"content_block_stop\"," + index + "}");
    }
  }

  private static List<String> halves(String text) {
    int middle = text.length() / 2;
    return text.isEmpty() ? List.of() : List.of(text.substring(0, middle), text.substring(middle));
  }

  private static void start(OutputStream out, String index, String block) throws IOException {
    event(out, "content_block_start", "{\"type\":\"content_block_start\"," + index + ",\"content_block\":" + block + "}");
  }

  private static void delta(OutputStream out, String index, String delta) throws IOException {
    event(out, "content_block_delta", "{\"type\":\"content_block_delta\"," + index + ",\"delta\":" + delta + "}");
  }

  private static OutputStream headers(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    return exchange.getResponseBody();
  }

  private static void sendStatus(HttpExchange exchange, Reply reply) throws IOException {
    ScriptedServer.sendStatus(exchange, (Reply.Status) reply);
  }

  private static void event(OutputStream out, String type, String data) throws IOException {
    out.write(("event: " + type + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
