package dev.longhaul.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.longhaul.prompt.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PromptCacheTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INSTRUCTIONS = "You are a coding agent. Work in the repository.";
  /** Enough tools that two shuffles practically never come out in the same order (1 in 12!). */
  private static final List<String> TOOL_NAMES = List.of(
      "apply_patch", "grep", "list_dir", "read_file", "shell", "update_plan",
      "web_fetch", "git_log", "git_diff", "run_tests", "format", "lint");

  private PromptCache cache;

  @BeforeEach
  void freshCache() {
    cache = new PromptCache();
  }

  /** Roughly {@code words} × 2 tokens of text no other call with a different {@code topic} shares. */
  private static String text(String topic, int words) {
    StringJoiner text = new StringJoiner(" ");
    for (int i = 0; i < words; i++) text.add(topic + i);
    return text.toString();
  }

  private static ObjectNode message(String role, String text) {
    ObjectNode item = JSON.createObjectNode();
    item.put("type", "message");
    item.put("role", role);
    item.putArray("content").addObject().put("type", "input_text").put("text", text);
    return item;
  }

  private static ArrayNode tools(List<String> names, String description) {
    ArrayNode tools = JSON.createArrayNode();
    for (String name : names) {
      ObjectNode spec = tools.addObject();
      spec.put("type", "function");
      spec.put("name", name);
      spec.put("description", description + " (" + name + ")");
      spec.putObject("parameters").put("type", "object");
    }
    return tools;
  }

  private static ObjectNode body(String key, String instructions, ArrayNode tools, List<ObjectNode> input) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", "gpt-test");
    if (key != null) body.put("prompt_cache_key", key);
    body.put("instructions", instructions);
    body.set("tools", tools);
    body.putArray("input").addAll(input);
    return body;
  }

  private static ObjectNode body(String key, List<ObjectNode> input) {
    return body(key, INSTRUCTIONS, tools(TOOL_NAMES, "A tool."), input);
  }

  private static long roundedDown(long tokens) {
    return tokens / PromptCache.STEP * PromptCache.STEP;
  }

  @Test
  void aPromptUnderTheMinimum_isNeverCached() {
    ObjectNode small = body("task-1", List.of(message("user", "Fix the failing test.")));
    assertThat(TokenMeter.inputTokens(small)).isLessThan(PromptCache.MINIMUM);

    assertThat(cache.cachedTokens(small, false)).isZero();
    assertThat(cache.cachedTokens(small, false)).isZero();
  }

  @Test
  void theFirstRequestOfAKey_hasNothingCached() {
    ObjectNode first = body("task-1", List.of(message("user", text("alpha", 1_500))));

    assertThat(cache.cachedTokens(first, false)).isZero();
  }

  @Test
  void aRequestExtendingAnEarlierOne_getsTheSharedPrefix_roundedDownToTheStep() {
    ObjectNode user = message("user", text("alpha", 1_500));
    ObjectNode first = body("task-1", List.of(user));
    ObjectNode second = body("task-1", List.of(user, message("assistant", "Done."), message("user", "Now the docs.")));
    long shared = TokenMeter.inputTokens(first);
    assertThat(shared).isGreaterThan(PromptCache.MINIMUM).isNotEqualTo(roundedDown(shared));

    cache.cachedTokens(first, false);

    assertThat(cache.cachedTokens(second, false))
        .isEqualTo(roundedDown(shared))
        .isGreaterThanOrEqualTo(PromptCache.MINIMUM)
        .isLessThan(TokenMeter.inputTokens(second));
  }

  @Test
  void aRepeatedRequest_isCachedWhole_roundedDownToTheStep() {
    ObjectNode request = body("task-1", List.of(message("user", text("alpha", 1_500))));

    cache.cachedTokens(request, false);

    assertThat(cache.cachedTokens(request, false)).isEqualTo(roundedDown(TokenMeter.inputTokens(request)));
  }

  @Test
  void theSharedPrefix_endsAtTheFirstItemThatDiffers() {
    ObjectNode kept = message("user", text("alpha", 1_500));
    ObjectNode first = body("task-1", List.of(kept, message("user", text("beta", 800))));
    ObjectNode second = body("task-1", List.of(kept, message("user", text("gamma", 800))));

    cache.cachedTokens(first, false);

    assertThat(cache.cachedTokens(second, false)).isEqualTo(roundedDown(TokenMeter.inputTokens(body("task-1", List.of(kept)))));
  }

  @Test
  void theBestEarlierPromptOfTheKey_counts_notOnlyTheLatest() {
    ObjectNode alpha = message("user", text("alpha", 1_500));
    ObjectNode first = body("task-1", List.of(alpha));
    ObjectNode unrelated = body("task-1", List.of(message("user", text("delta", 1_500))));
    ObjectNode third = body("task-1", List.of(alpha, message("user", "More.")));

    cache.cachedTokens(first, false);
    cache.cachedTokens(unrelated, false);

    assertThat(cache.cachedTokens(third, false)).isEqualTo(roundedDown(TokenMeter.inputTokens(first)));
  }

  @Test
  void aDifferentPromptCacheKey_getsNothing() {
    ObjectNode user = message("user", text("alpha", 1_500));
    cache.cachedTokens(body("task-1", List.of(user)), false);

    assertThat(cache.cachedTokens(body("task-2", List.of(user)), false)).isZero();
    assertThat(cache.cachedTokens(body(null, List.of(user)), false)).isZero();
  }

  @Test
  void changedTools_breakTheCacheFromTheToolsOn() {
    String longInstructions = INSTRUCTIONS + " " + text("rule", 1_000);
    long instructionTokens = new TokenCounter().count(longInstructions);
    assertThat(instructionTokens).isGreaterThan(PromptCache.MINIMUM);
    List<ObjectNode> input = List.of(message("user", text("alpha", 1_500)));

    cache.cachedTokens(body("task-1", longInstructions, tools(TOOL_NAMES, "A tool."), input), false);
    long cached = cache.cachedTokens(body("task-1", longInstructions, tools(TOOL_NAMES, "A better tool."), input), false);

    // Only the instructions are reused: the tools and every input item after them are not.
    assertThat(cached).isEqualTo(roundedDown(instructionTokens));
  }

  @Test
  void changedTools_withShortInstructions_leaveNothingCached() {
    List<ObjectNode> input = List.of(message("user", text("alpha", 1_500)));
    List<String> fewer = new ArrayList<>(TOOL_NAMES);
    fewer.remove("lint");

    cache.cachedTokens(body("task-1", INSTRUCTIONS, tools(TOOL_NAMES, "A tool."), input), false);

    assertThat(cache.cachedTokens(body("task-1", INSTRUCTIONS, tools(fewer, "A tool."), input), false)).isZero();
  }

  @Test
  void shuffledTools_breakTheCacheFromTheToolsOn() {
    String longInstructions = INSTRUCTIONS + " " + text("rule", 1_000);
    long instructionTokens = new TokenCounter().count(longInstructions);
    ObjectNode request = body("task-1", longInstructions, tools(TOOL_NAMES, "A tool."),
        List.of(message("user", text("alpha", 1_500))));

    cache.cachedTokens(request, false);
    long cached = cache.cachedTokens(request, true);

    assertThat(cached).isEqualTo(roundedDown(instructionTokens));
    assertThat(cached).isLessThan(roundedDown(TokenMeter.inputTokens(request)));
  }

  @Test
  void theCachedCount_neverExceedsThePromptsTokens() {
    ObjectNode alpha = message("user", text("alpha", 1_500));
    List<ObjectNode> requests = List.of(
        body("task-1", List.of(alpha)),
        body("task-1", List.of(alpha)),
        body("task-1", List.of(alpha, message("user", text("beta", 700)))),
        body("task-1", List.of(alpha, message("user", text("beta", 700)))),
        body("task-1", List.of(alpha, message("user", text("beta", 700)), message("assistant", "ok"))));

    for (JsonNode request : requests) {
      assertThat(cache.cachedTokens(request, false))
          .isGreaterThanOrEqualTo(0)
          .isLessThanOrEqualTo(TokenMeter.inputTokens(request))
          .satisfies(cached -> assertThat(cached % PromptCache.STEP).isZero());
    }
    // A shorter request after longer ones is capped by its own length.
    ObjectNode shorter = body("task-1", List.of(alpha));
    assertThat(cache.cachedTokens(shorter, false)).isEqualTo(roundedDown(TokenMeter.inputTokens(shorter)));
  }

  @Test
  void theTheoreticalMaximum_isThePreviousPromptReused_roundedDown() {
    ObjectNode alpha = message("user", text("alpha", 1_500));
    ObjectNode previous = body("task-1", List.of(alpha));
    ObjectNode current = body("task-1", List.of(alpha, message("user", text("beta", 700))));

    assertThat(PromptCache.theoreticalMaximum(previous, current))
        .isEqualTo(roundedDown(TokenMeter.inputTokens(previous)));
    // The current prompt bounds it when it is the shorter one.
    assertThat(PromptCache.theoreticalMaximum(current, previous))
        .isEqualTo(roundedDown(TokenMeter.inputTokens(previous)));
  }

  @Test
  void theTheoreticalMaximum_isZero_underTheMinimum() {
    ObjectNode small = body("task-1", List.of(message("user", "Hi.")));
    ObjectNode large = body("task-1", List.of(message("user", text("alpha", 1_500))));

    assertThat(PromptCache.theoreticalMaximum(small, large)).isZero();
    assertThat(PromptCache.theoreticalMaximum(large, small)).isZero();
  }
}
