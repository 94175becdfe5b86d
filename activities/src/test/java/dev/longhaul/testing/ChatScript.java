package dev.longhaul.testing;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builders for the {@link FakeChatServer}'s scripted replies: {@code reply(toolCall("shell",
 * "{\"command\":\"ls\"}"))}, then {@code reply(text("Done."))}. Each part is what the fake streams
 * as deltas, split into fragments the way servers do.
 */
public final class ChatScript {
  private static final AtomicLong IDS = new AtomicLong();

  private ChatScript() {}

  public static Reply reply(String... parts) {
    return new Reply.Stream(List.of(parts), 10);
  }

  public static String text(String text) {
    return "{\"content\":" + ModelScript.quote(text) + "}";
  }

  public static String reasoning(String text) {
    return "{\"reasoning_content\":" + ModelScript.quote(text) + "}";
  }

  /** A tool call; its id is unique across the JVM. */
  public static String toolCall(String name, String argumentsJson) {
    return "{\"tool_call\":{\"id\":\"call_" + IDS.incrementAndGet() + "\",\"name\":" + ModelScript.quote(name)
        + ",\"arguments\":" + ModelScript.quote(argumentsJson) + "}}";
  }

  /** A stream that stops after these parts, before it says why it finished. */
  public static Reply cutOff(String... parts) {
    return new Reply.CutOff(List.of(parts));
  }

  /** An error sent inside a 200 stream, as vLLM and llama.cpp do. */
  public static Reply streamError(String code, String message) {
    return new Reply.Failed(code, message);
  }
}
