package dev.longhaul.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.longhaul.prompt.TokenCounter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A stand-in for a Chat Completions server (OpenAI's, Ollama, vLLM, llama.cpp) over real HTTP on
 * localhost: {@code POST /v1/chat/completions}, streamed as {@code data:} chunks ending in {@code
 * [DONE]}, text and tool-call arguments split into several deltas, tool calls keyed by index, a
 * final usage chunk with {@code prompt_tokens_details.cached_tokens} from a prefix-cache simulation
 * by OpenAI's rules ({@link #cachedTokens}). Replies come from a script of {@link Reply}s built
 * with {@link ChatScript}, then from the fallback; every request is recorded.
 */
public final class FakeChatServer extends ScriptedServer {
  public static final int MINIMUM = 1_024;
  public static final int STEP = 128;
  private static final TokenCounter COUNTER = new TokenCounter();
  /** Counts of segments seen: a long task sends the same messages hundreds of times. */
  private static final java.util.Map<String, Long> COUNTS = new java.util.concurrent.ConcurrentHashMap<>();

  private final List<List<String>> earlierPrompts = new ArrayList<>();

  private FakeChatServer() {
    super("fake-chat", "/v1/chat/completions");
  }

  public static FakeChatServer start() {
    return new FakeChatServer();
  }

  public FakeChatServer script(Reply... replies) {
    addScript(replies);
    return this;
  }

  public FakeChatServer otherwise(Function<RecordedRequest, Reply> fallback) {
    setFallback(fallback);
    return this;
  }

  public synchronized void reset() {
    clearScript();
    earlierPrompts.clear();
  }

  @Override
  void send(HttpExchange exchange, Reply reply, RecordedRequest request) throws IOException {
    if (reply instanceof Reply.Status s) {
      sendStatus(exchange, s);
    } else if (reply instanceof Reply.Garbage g) {
      OutputStream out = startStream(exchange);
      out.write(g.body().getBytes(StandardCharsets.UTF_8));
    } else if (reply instanceof Reply.Hang h) {
      startStream(exchange).flush();
      sleep(h.silence());
    } else if (reply instanceof Reply.Stream || reply instanceof Reply.Silent) {
      Reply.Stream s = reply instanceof Reply.Silent silent ? silent.then() : (Reply.Stream) reply;
      OutputStream out = startStream(exchange);
      if (reply instanceof Reply.Silent silent) sleep(silent.silence());
      boolean calls = writeParts(out, s.items());
      chunk(out, choice(JSON.createObjectNode(), calls ? "tool_calls" : "stop"));
      long[] tokens = usage(request.body());
      chunk(out, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{"
          + "\"prompt_tokens\":" + tokens[0] + ",\"completion_tokens\":" + s.outputTokens()
          + ",\"total_tokens\":" + (tokens[0] + s.outputTokens())
          + ",\"prompt_tokens_details\":{\"cached_tokens\":" + tokens[1] + "}}}");
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    } else if (reply instanceof Reply.CutOff c) {
      writeParts(startStream(exchange), c.items());
    } else if (reply instanceof Reply.Failed f) {
      chunk(startStream(exchange), "{\"error\":{\"code\":" + ModelScript.quote(f.code())
          + ",\"message\":" + ModelScript.quote(f.message()) + "}}");
    } else if (reply instanceof Reply.Events e) {
      OutputStream out = startStream(exchange);
      for (String data : e.data()) chunk(out, data);
    } else {
      throw new IllegalArgumentException("the fake chat server does not play " + reply);
    }
  }

  /** Streams each part as deltas, text in fragments, tool calls keyed by index. */
  private static boolean writeParts(OutputStream out, List<String> parts) throws IOException {
    int index = 0;
    for (String part : parts) {
      JsonNode node = JSON.readTree(part);
      if (node.has("tool_call")) {
        JsonNode call = node.path("tool_call");
        String arguments = call.path("arguments").asText();
        int half = arguments.length() / 2;
        ObjectNode first = JSON.createObjectNode();
        ObjectNode head = first.putArray("tool_calls").addObject();
        head.put("index", index).put("id", call.path("id").asText()).put("type", "function");
        head.putObject("function").put("name", call.path("name").asText()).put("arguments", arguments.substring(0, half));
        chunk(out, choice(first, null));
        ObjectNode second = JSON.createObjectNode();
        second.putArray("tool_calls").addObject().put("index", index)
            .putObject("function").put("arguments", arguments.substring(half));
        chunk(out, choice(second, null));
        index++;
        continue;
      }
      String field = node.has("content") ? "content" : "reasoning_content";
      String text = node.path(field).asText();
      for (int i = 0; i < text.length(); i += 7) {
        ObjectNode delta = JSON.createObjectNode();
        if (i == 0) delta.put("role", "assistant");
        delta.put(field, text.substring(i, Math.min(text.length(), i + 7)));
        chunk(out, choice(delta, null));
      }
    }
    return index > 0;
  }

  private static String choice(ObjectNode delta, String finishReason) {
    ObjectNode chunk = JSON.createObjectNode();
    chunk.put("id", "chatcmpl-1").put("object", "chat.completion.chunk");
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", 0);
    choice.set("delta", delta);
    if (finishReason == null) choice.putNull("finish_reason");
    else choice.put("finish_reason", finishReason);
    return chunk.toString();
  }

  /** Prompt tokens and cached tokens of a request; the request is remembered for later ones. */
  private synchronized long[] usage(JsonNode body) {
    List<String> prompt = segments(body);
    long total = 0;
    for (String segment : prompt) total += count(segment);
    long best = 0;
    for (List<String> earlier : earlierPrompts) best = Math.max(best, sharedPrefixTokens(earlier, prompt));
    earlierPrompts.add(prompt);
    if (earlierPrompts.size() > 16) earlierPrompts.remove(0);
    return new long[] {total, cachedTokens(total, best)};
  }

  /**
   * OpenAI's rules: nothing below {@value #MINIMUM} tokens; above, the shared prefix in steps of
   * {@value #STEP}.
   */
  public static long cachedTokens(long promptTokens, long sharedPrefixTokens) {
    if (promptTokens < MINIMUM || sharedPrefixTokens < MINIMUM) return 0;
    return sharedPrefixTokens / STEP * STEP;
  }

  /** The prompt tokens of a request, as this fake counts them. */
  public static long promptTokens(JsonNode body) {
    long total = 0;
    for (String segment : segments(body)) total += count(segment);
    return total;
  }

  /** A prompt as a server renders it: the tools, then each message in order. */
  private static List<String> segments(JsonNode body) {
    List<String> segments = new ArrayList<>();
    segments.add(body.path("tools").toString());
    for (JsonNode message : body.path("messages")) segments.add(message.toString());
    return segments;
  }

  private static long sharedPrefixTokens(List<String> a, List<String> b) {
    long tokens = 0;
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      if (!a.get(i).equals(b.get(i))) break;
      tokens += count(a.get(i));
    }
    return tokens;
  }

  private static long count(String segment) {
    return COUNTS.computeIfAbsent(segment, text -> (long) COUNTER.count(text));
  }

  private static OutputStream startStream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    return exchange.getResponseBody();
  }

  private static void chunk(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
