package dev.longhaul.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builders for the {@link FakeAnthropicServer}'s replies, whose items are Anthropic content
 * blocks: {@code reply(thinking("plan", "sig"), toolUse("shell", "{\"command\":\"ls\"}"))}.
 * The fault replies that do not depend on the API's shape ({@link ModelScript#hang}, {@link
 * ModelScript#cutOff}, {@link ModelScript#garbage}, {@link ModelScript#events}) are shared.
 */
public final class AnthropicScript {
  private static final AtomicLong IDS = new AtomicLong();

  private AnthropicScript() {}

  public static Reply reply(String... blocks) {
    return new Reply.Stream(List.of(blocks), 10);
  }

  public static String text(String text) {
    return "{\"type\":\"text\",\"text\":" + ModelScript.quote(text) + "}";
  }

  /** A tool call; its id is unique across the JVM. */
  public static String toolUse(String name, String inputJson) {
    return "{\"type\":\"tool_use\",\"id\":\"toolu_" + IDS.incrementAndGet() + "\",\"name\":"
        + ModelScript.quote(name) + ",\"input\":" + inputJson + "}";
  }

  /** A tool call whose streamed input is this text, JSON or not. */
  public static String toolUseWithRawInput(String name, String rawInput) {
    return "{\"type\":\"tool_use\",\"id\":\"toolu_" + IDS.incrementAndGet() + "\",\"name\":"
        + ModelScript.quote(name) + ",\"input\":{},\"raw_input\":" + ModelScript.quote(rawInput) + "}";
  }

  public static String thinking(String thought, String signature) {
    return "{\"type\":\"thinking\",\"thinking\":" + ModelScript.quote(thought) + ",\"signature\":"
        + ModelScript.quote(signature) + "}";
  }

  /** A redacted thinking block: it arrives whole, with spacing a re-serializer would lose. */
  public static String redactedThinking(String data) {
    return "{\"type\": \"redacted_thinking\", \"data\": " + ModelScript.quote(data) + "}";
  }

  public static Reply error(int status, String type, String message) {
    return error(status, type, message, Map.of());
  }

  public static Reply error(int status, String type, String message, Map<String, String> headers) {
    return new Reply.Status(status, "{\"type\":\"error\",\"error\":{\"type\":" + ModelScript.quote(type)
        + ",\"message\":" + ModelScript.quote(message) + "}}", headers);
  }

  public static Reply overloaded() {
    return error(529, "overloaded_error", "Overloaded");
  }

  public static Reply rateLimited(int retryAfterSeconds) {
    return error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit",
        Map.of("retry-after", String.valueOf(retryAfterSeconds)));
  }

  public static Reply promptTooLong() {
    return error(400, "invalid_request_error", "prompt is too long: 1048577 tokens > 1000000 maximum");
  }

  /** A stream that starts well, then sends an {@code error} event of this type. */
  public static Reply streamError(String type, String message) {
    return new Reply.Failed(type, message);
  }
}
