package dev.longhaul.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.prompt.ItemTokens;
import dev.longhaul.prompt.TokenCounter;

/**
 * How the fake provider counts a request's input tokens: its instructions, its tools and each
 * input item, item by item as Longhaul estimates them, so that a test can hold the agent's
 * context estimate to the provider's count.
 */
public final class TokenMeter {
  private static final TokenCounter COUNTER = new TokenCounter();
  private static final ItemTokens ITEMS = new ItemTokens(COUNTER);

  private TokenMeter() {}

  public static long inputTokens(JsonNode body) {
    long tokens = COUNTER.count(body.path("instructions").asText(""));
    tokens += COUNTER.count(body.path("tools").toString());
    for (JsonNode item : body.path("input")) tokens += ITEMS.estimate(item);
    return tokens;
  }
}
