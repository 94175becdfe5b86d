package dev.longhaul.model.anthropic;

import static dev.longhaul.testing.AnthropicScript.reply;
import static dev.longhaul.testing.AnthropicScript.text;
import static dev.longhaul.testing.AnthropicScript.thinking;
import static dev.longhaul.testing.AnthropicScript.toolUse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.model.CallHooks;
import dev.longhaul.model.ModelConfig;
import dev.longhaul.model.ModelRequest;
import dev.longhaul.model.ModelResponse;
import dev.longhaul.testing.AnthropicCache;
import dev.longhaul.testing.FakeAnthropicServer;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.testing.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A 200-step task through the provider against the fake's cache simulation: every request
 * extends the previous one block for block, and the tokens read from the cache reach at least
 * 95% of what any client could read. Steps with a dozen parallel calls add more blocks than
 * Anthropic's 20-block lookback, and follow-up turns start now and then.
 */
class AnthropicCacheDisciplineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AnthropicFormat FORMAT = AnthropicFormat.INSTANCE;
  static final int STEPS = 200;

  private final FakeAnthropicServer fake = FakeAnthropicServer.start();

  @AfterEach
  void stopFake() {
    fake.close();
  }

  /** Step {@code n}'s answer: mostly one call, a dozen at every 25th step, a turn's end every 40th. */
  static Reply answer(int n) {
    if (n % 40 == 39) return reply(thinking("done for now " + n, "sig-" + n), text("Finished part " + n + "."));
    int calls = n % 25 == 24 ? 12 : 1;
    List<String> blocks = new ArrayList<>(List.of(thinking("step " + n + ": next read", "sig-" + n)));
    for (int c = 0; c < calls; c++) blocks.add(toolUse("read_file", "{\"path\":\"src/f" + n + "_" + c + ".java\"}"));
    return reply(blocks.toArray(String[]::new));
  }

  /** What the harness adds after a step: each call's output, or a follow-up when the turn ended. */
  static List<String> next(ModelResponse response, int n) throws Exception {
    List<String> added = new ArrayList<>(response.items());
    boolean called = false;
    for (String item : response.items()) {
      var call = FORMAT.toolCall(JSON.readTree(item));
      if (call.isPresent()) {
        called = true;
        added.add(FORMAT.toolOutput(call.get().callId(), ("line of file " + n + "\n").repeat(15 + n % 30)));
      }
    }
    if (!called) added.add(FORMAT.userMessage("Now continue with part " + (n + 1) + "."));
    return added;
  }

  @Test
  void overTwoHundredSteps_eachRequestExtendsThePrevious_andTheCacheReadsAtLeast95PercentOfTheMaximum()
      throws Exception {
    AnthropicProvider provider =
        new AnthropicProvider(new ModelConfig(fake.baseUrl(), "k", "claude-test", Duration.ofSeconds(10)));
    String instructions = "You are a careful coding agent. ".repeat(60);
    List<String> items = new ArrayList<>(List.of(FORMAT.userMessage("Fix the failing tests.")));
    for (int n = 0; n < STEPS; n++) {
      fake.script(answer(n));
      ModelResponse response =
          provider.create(new ModelRequest("claude-test", instructions, List.copyOf(items), List.of(), "t"), CallHooks.none());
      items.addAll(next(response, n));
    }

    List<RecordedRequest> requests = fake.requests();
    long maximum = 0;
    for (int i = 1; i < requests.size(); i++) {
      assertThat(startsWith(blocks(requests.get(i).body()), blocks(requests.get(i - 1).body())))
          .as("request %d extends request %d", i, i - 1).isTrue();
      maximum += AnthropicCache.theoreticalMaximum(requests.get(i - 1).body(), requests.get(i).body());
    }
    AnthropicCache.Summary summary = AnthropicCache.Summary.of(fake.billings(), maximum);
    System.out.println("anthropic cache: " + summary);
    assertThat(summary.read()).isGreaterThanOrEqualTo(maximum * 95 / 100);
  }

  private static boolean startsWith(List<String> longer, List<String> prefix) {
    return longer.size() >= prefix.size() && longer.subList(0, prefix.size()).equals(prefix);
  }

  /** The request's blocks in rendering order, without breakpoint markers. */
  static List<String> blocks(JsonNode body) {
    List<String> blocks = new ArrayList<>();
    for (JsonNode message : body.path("messages")) {
      for (JsonNode block : message.path("content")) {
        JsonNode plain = block.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) plain).remove("cache_control");
        blocks.add(message.path("role").asText() + ":" + plain);
      }
    }
    return blocks;
  }
}
