package dev.longhaul.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.prompt.ItemTokens;
import dev.longhaul.prompt.TokenCounter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulation of the provider's prompt cache, by OpenAI's documented rules: only prompts of at
 * least {@value #MINIMUM} tokens are cached; a hit covers the longest prefix shared with an
 * earlier prompt of the same {@code prompt_cache_key}, counted in steps of {@value #STEP} tokens.
 * A prompt is instructions, then tools, then input items, in that order, compared segment by
 * segment.
 */
public final class PromptCache {
  public static final int MINIMUM = 1_024;
  public static final int STEP = 128;
  private static final TokenCounter COUNTER = new TokenCounter();
  private static final ItemTokens ITEMS = new ItemTokens(COUNTER);

  private record Segment(String text, long tokens) {}

  private final Map<String, List<List<Segment>>> byKey = new HashMap<>();

  /** The cached tokens this request would be billed for, and it is remembered for later ones. */
  public synchronized long cachedTokens(JsonNode body, boolean shuffleTools) {
    List<Segment> prompt = segments(body, shuffleTools);
    long total = prompt.stream().mapToLong(Segment::tokens).sum();
    String key = body.path("prompt_cache_key").asText("");
    List<List<Segment>> earlier = byKey.computeIfAbsent(key, k -> new ArrayList<>());
    long best = 0;
    for (List<Segment> previous : earlier) best = Math.max(best, sharedPrefixTokens(previous, prompt));
    earlier.add(prompt);
    if (earlier.size() > 16) earlier.remove(0);
    if (total < MINIMUM || best < MINIMUM) return 0;
    return best / STEP * STEP;
  }

  /** The best a client could get: the whole previous prompt reused, if this one extends it. */
  public static long theoreticalMaximum(JsonNode previous, JsonNode current) {
    long before = TokenMeter.inputTokens(previous);
    long now = TokenMeter.inputTokens(current);
    long reusable = Math.min(before, now);
    return now < MINIMUM || reusable < MINIMUM ? 0 : reusable / STEP * STEP;
  }

  private static long sharedPrefixTokens(List<Segment> a, List<Segment> b) {
    long tokens = 0;
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      if (!a.get(i).text().equals(b.get(i).text())) break;
      tokens += a.get(i).tokens();
    }
    return tokens;
  }

  private static List<Segment> segments(JsonNode body, boolean shuffleTools) {
    List<Segment> segments = new ArrayList<>();
    String instructions = body.path("instructions").asText("");
    segments.add(new Segment(instructions, COUNTER.count(instructions)));
    List<JsonNode> tools = new ArrayList<>();
    body.path("tools").forEach(tools::add);
    if (shuffleTools) java.util.Collections.shuffle(tools);
    String toolsText = tools.toString();
    segments.add(new Segment(toolsText, COUNTER.count(toolsText)));
    for (JsonNode item : body.path("input")) segments.add(new Segment(item.toString(), ITEMS.estimate(item)));
    return segments;
  }
}
