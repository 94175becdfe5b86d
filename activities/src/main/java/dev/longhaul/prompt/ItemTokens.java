package dev.longhaul.prompt;

import com.fasterxml.jackson.databind.JsonNode;

/** Estimates how many tokens an item costs in a prompt. */
public final class ItemTokens {
  /** Opaque encrypted content is base64 of roughly this many bytes per token it stands for. */
  private static final int ENCRYPTED_CHARS_PER_TOKEN = 4;

  private final TokenCounter counter;

  public ItemTokens(TokenCounter counter) {
    this.counter = counter;
  }

  /**
   * Counts the text the model reads: message content, call names and arguments, tool outputs.
   * Encrypted content cannot be tokenized, so its size is estimated from its length.
   */
  public int estimate(JsonNode item) {
    int tokens = 4; // item framing
    tokens += text(item.path("content"));
    tokens += text(item.path("summary"));
    if (item.path("arguments").isTextual()) tokens += counter.count(item.path("arguments").asText());
    if (item.path("name").isTextual()) tokens += counter.count(item.path("name").asText());
    if (item.path("output").isTextual()) tokens += counter.count(item.path("output").asText());
    // Chat Completions: a tool call's function, and the reasoning some servers send.
    JsonNode function = item.path("function");
    if (function.path("name").isTextual()) tokens += counter.count(function.path("name").asText());
    if (function.path("arguments").isTextual()) tokens += counter.count(function.path("arguments").asText());
    if (item.path("reasoning_content").isTextual()) tokens += counter.count(item.path("reasoning_content").asText());
    if (item.path("encrypted_content").isTextual()) {
      tokens += item.path("encrypted_content").asText().length() / ENCRYPTED_CHARS_PER_TOKEN;
    }
    return tokens;
  }

  private int text(JsonNode parts) {
    if (parts.isTextual()) return counter.count(parts.asText());
    int tokens = 0;
    for (JsonNode part : parts) {
      if (part.path("text").isTextual()) tokens += counter.count(part.path("text").asText());
      if (part.path("refusal").isTextual()) tokens += counter.count(part.path("refusal").asText());
    }
    return tokens;
  }
}
