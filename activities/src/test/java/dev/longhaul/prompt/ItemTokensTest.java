package dev.longhaul.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ItemTokensTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TEXT =
      "Please run the test suite and fix whatever fails in the parser module.";

  private final TokenCounter counter = new TokenCounter();
  private final ItemTokens tokens = new ItemTokens(counter);

  private static ObjectNode message(String text) {
    ObjectNode item = JSON.createObjectNode().put("type", "message").put("role", "user");
    item.putArray("content").addObject().put("type", "input_text").put("text", text);
    return item;
  }

  private static ObjectNode functionCall(String arguments) {
    return JSON.createObjectNode()
        .put("type", "function_call")
        .put("call_id", "call_1")
        .put("name", "shell")
        .put("arguments", arguments);
  }

  /** The tokens {@code item} costs beyond {@code emptied}, the same item without the part. */
  private int costOf(ObjectNode item, ObjectNode emptied) {
    return tokens.estimate(item) - tokens.estimate(emptied);
  }

  @Test
  void messageText_isCountedWithTheTokenizer() {
    assertThat(costOf(message(TEXT), message(""))).isEqualTo(counter.count(TEXT)).isPositive();
  }

  @Test
  void messageWithPlainStringContent_isCountedToo() {
    ObjectNode item = message("").put("content", TEXT);

    assertThat(costOf(item, message(""))).isEqualTo(counter.count(TEXT));
  }

  @Test
  void messageWithSeveralParts_countsEveryPart() {
    ObjectNode item = message(TEXT);
    ((ArrayNode) item.get("content"))
        .addObject()
        .put("type", "output_text")
        .put("text", "second part");

    assertThat(costOf(item, message("")))
        .isEqualTo(counter.count(TEXT) + counter.count("second part"));
  }

  @Test
  void functionCallArguments_areCounted() {
    String arguments = "{\"command\":\"mvn -q -pl activities test -Dtest=ShellToolTest\"}";

    assertThat(costOf(functionCall(arguments), functionCall("")))
        .isEqualTo(counter.count(arguments))
        .isPositive();
  }

  @Test
  void functionCallOutput_isCounted() {
    String output = "Exit code: 1\nWall time: 3.2 seconds\nOutput:\nTests run: 4, Failures: 1";
    ObjectNode item = JSON.createObjectNode().put("type", "function_call_output");

    assertThat(costOf(item.deepCopy().put("output", output), item.put("output", "")))
        .isEqualTo(counter.count(output));
  }

  @Test
  void encryptedContent_isEstimatedFromItsLength_notTokenized() {
    ObjectNode reasoning = JSON.createObjectNode().put("type", "reasoning");
    String base64 = "QUJD".repeat(1_000); // 4,000 characters

    int cost = costOf(reasoning.deepCopy().put("encrypted_content", base64), reasoning);
    int costOfTwice =
        costOf(reasoning.deepCopy().put("encrypted_content", base64 + base64), reasoning);

    // Proportional to the length, at roughly four characters a token, whatever the characters.
    assertThat(costOfTwice).isEqualTo(2 * cost);
    assertThat(cost).isBetween(base64.length() / 5, base64.length() / 3);
    assertThat(cost).isNotEqualTo(counter.count(base64));
  }

  @Test
  void everyItem_costsSomething_evenWhenEmpty() {
    JsonNode empty = JSON.createObjectNode().put("type", "message");

    assertThat(tokens.estimate(empty)).isPositive();
  }
}
