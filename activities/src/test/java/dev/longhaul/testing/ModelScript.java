package dev.longhaul.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builders for scripted model replies, so a test's script reads like the story it tells:
 * {@code reply(toolCall("shell", "{\"command\":\"ls\"}"))}, then {@code reply(text("Done."))}.
 */
public final class ModelScript {
  private static final AtomicLong IDS = new AtomicLong();

  private ModelScript() {}

  public static Reply reply(String... items) {
    return new Reply.Stream(List.of(items), 10);
  }

  public static String text(String text) {
    long id = IDS.incrementAndGet();
    return "{\"type\":\"message\",\"id\":\"msg_" + id + "\",\"status\":\"completed\",\"role\":\"assistant\","
        + "\"content\":[{\"type\":\"output_text\",\"annotations\":[],\"text\":" + quote(text) + "}]}";
  }

  public static String refusal(String text) {
    long id = IDS.incrementAndGet();
    return "{\"type\":\"message\",\"id\":\"msg_" + id + "\",\"status\":\"completed\",\"role\":\"assistant\","
        + "\"content\":[{\"type\":\"refusal\",\"refusal\":" + quote(text) + "}]}";
  }

  /** A function call; its {@code call_id} is unique across the JVM. */
  public static String toolCall(String name, String argumentsJson) {
    long id = IDS.incrementAndGet();
    return "{\"type\":\"function_call\",\"id\":\"fc_" + id + "\",\"status\":\"completed\","
        + "\"arguments\":" + quote(argumentsJson) + ",\"call_id\":\"call_" + id + "\",\"name\":"
        + quote(name) + "}";
  }

  /**
   * A reasoning item with opaque encrypted content. Its spacing, key order and escapes are
   * unusual on purpose: a client that re-serialized it instead of keeping its bytes would show.
   */
  public static String reasoning(String secret) {
    long id = IDS.incrementAndGet();
    return "{ \"id\":\"rs_" + id + "\", \"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\","
        + "\"text\":\"thinking \\u2014 step\"}], \"encrypted_content\":\"gAAAA" + secret + "\\/==\" }";
  }

  /** A model that thinks in silence for {@code silence}, then answers with {@code items}. */
  public static Reply afterSilence(Duration silence, String... items) {
    return new Reply.Silent(silence, new Reply.Stream(List.of(items), 10));
  }

  public static Reply status(int code, String message) {
    return new Reply.Status(code, "{\"error\":{\"message\":" + quote(message) + ",\"type\":\"error\"}}", Map.of());
  }

  public static Reply tooManyRequests(int retryAfterSeconds) {
    return new Reply.Status(
        429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit\"}}",
        Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
  }

  public static Reply cutOff(String... items) {
    return new Reply.CutOff(List.of(items));
  }

  public static Reply hang(Duration silence) {
    return new Reply.Hang(silence);
  }

  /** A response that keeps streaming (an event every {@code interval}) for {@code total}, then breaks off. */
  public static Reply trickle(Duration interval, Duration total) {
    return new Reply.Trickle(interval, total);
  }

  public static Reply garbage(String body) {
    return new Reply.Garbage(body);
  }

  public static Reply failed(String code, String message) {
    return new Reply.Failed(code, message);
  }

  /** A stream of exactly these events (each the JSON of one event's data), nothing added. */
  public static Reply events(String... data) {
    return new Reply.Events(List.of(data));
  }

  public static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    return out.append('"').toString();
  }
}
