package dev.longhaul.model.anthropic;

import static dev.longhaul.testing.AnthropicScript.redactedThinking;
import static dev.longhaul.testing.AnthropicScript.text;
import static dev.longhaul.testing.AnthropicScript.thinking;
import static dev.longhaul.testing.AnthropicScript.toolUse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.model.ModelRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesBodyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AnthropicFormat FORMAT = AnthropicFormat.INSTANCE;

  private static JsonNode body(List<String> items, List<JsonNode> tools) throws Exception {
    return JSON.readTree(MessagesBody.forSampling(
        new ModelRequest("claude-test", "You are careful.", items, tools, "task-1"), AnthropicOptions.defaults()));
  }

  private static JsonNode body(String... items) throws Exception {
    return body(List.of(items), List.of());
  }

  private static String result(String call, String output) throws Exception {
    return FORMAT.toolOutput(JSON.readTree(call).path("id").asText(), output);
  }

  private static int breakpoints(JsonNode body) {
    return body.toString().split("\"cache_control\"", -1).length - 1;
  }

  @Test
  void toolsAreRewrittenIntoAnthropicsForm_inTheGivenOrder() throws Exception {
    JsonNode zeta = JSON.readTree(
        "{\"type\":\"function\",\"name\":\"zeta\",\"description\":\"Z.\",\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}");
    JsonNode alpha = JSON.readTree("{\"type\":\"function\",\"name\":\"alpha\",\"parameters\":{\"type\":\"object\"}}");

    JsonNode body = body(List.of(FORMAT.userMessage("hi")), List.of(zeta, alpha));

    assertThat(body.path("tools").findValuesAsText("name")).containsExactly("zeta", "alpha");
    assertThat(body.path("tools").get(0).toString())
        .isEqualTo("{\"name\":\"zeta\",\"description\":\"Z.\",\"input_schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}");
    assertThat(body.path("tools").get(0).has("type")).isFalse();
  }

  @Test
  void consecutiveModelBlocks_formOneAssistantMessage_andResultsComeFirstInTheNextUserMessage() throws Exception {
    String user = FORMAT.userMessage("fix the test");
    String thought = thinking("two reads", "sig");
    String read1 = toolUse("read_file", "{\"path\":\"a\"}");
    String read2 = toolUse("read_file", "{\"path\":\"b\"}");
    String note = FORMAT.developerMessage("settings changed: network on");

    JsonNode body = body(user, thought, read1, read2, note, result(read1, "A"), result(read2, "B"));

    JsonNode messages = body.path("messages");
    assertThat(messages).hasSize(3);
    assertThat(messages.findValuesAsText("role")).containsExactly("user", "assistant", "user");
    assertThat(messages.get(1).path("content").findValuesAsText("type")).containsExactly("thinking", "tool_use", "tool_use");
    JsonNode answer = messages.get(2).path("content");
    assertThat(answer.get(0).path("type").asText()).isEqualTo("tool_result");
    assertThat(answer.get(1).path("type").asText()).isEqualTo("tool_result");
    assertThat(answer.get(2).path("text").asText()).isEqualTo("settings changed: network on");
  }

  @Test
  void everyBlock_isCopiedByteForByte() throws Exception {
    String redacted = redactedThinking("opaque\\/data==");
    String call = toolUse("shell", "{ \"command\" : [\"ls\"] }");
    String user = "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"caf\\u00e9\"}]}";

    String raw = MessagesBody.forSampling(
        new ModelRequest("m", "s", List.of(user, redacted, call, result(call, "x")), List.of(), "k"),
        AnthropicOptions.defaults());

    assertThat(raw).contains(redacted).contains(call).contains("{\"type\":\"text\",\"text\":\"caf\\u00e9\"");
  }

  @Test
  void theStablePrefixAndTheConversationEnd_carryBreakpoints() throws Exception {
    String user = FORMAT.userMessage("go");
    String call = toolUse("ls", "{}");

    JsonNode body = body(user, thinking("t", "s"), call, result(call, "out"));

    assertThat(body.path("system").get(0).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
    JsonNode messages = body.path("messages");
    assertThat(messages.get(2).path("content").get(0).has("cache_control")).isTrue();
    // The end of the previous request (the user's message) keeps its own breakpoint.
    assertThat(messages.get(0).path("content").get(0).has("cache_control")).isTrue();
    assertThat(messages.get(1).path("content").get(0).has("cache_control")).isFalse();
    assertThat(breakpoints(body)).isEqualTo(3);
  }

  @Test
  void withoutInstructions_theLastToolCarriesThePrefixBreakpoint() throws Exception {
    JsonNode tool = JSON.readTree("{\"type\":\"function\",\"name\":\"ls\",\"parameters\":{\"type\":\"object\"}}");

    JsonNode body = JSON.readTree(MessagesBody.forSampling(
        new ModelRequest("m", "", List.of(FORMAT.userMessage("hi")), List.of(tool), "k"), AnthropicOptions.defaults()));

    assertThat(body.has("system")).isFalse();
    assertThat(body.path("tools").get(0).has("cache_control")).isTrue();
  }

  @Test
  void thinkingBlocks_neverCarryABreakpoint_evenAtTheEnd() throws Exception {
    JsonNode body = body(FORMAT.userMessage("hi"), text(""), thinking("only thinking", "s"));

    for (JsonNode block : body.path("messages").get(1).path("content")) {
      assertThat(block.has("cache_control")).isFalse();
    }
    assertThat(body.path("messages").get(0).path("content").get(0).has("cache_control")).isTrue();
  }

  @Test
  void anEmptyTextBlock_isLeftOut_sinceAnthropicRefusesThem() throws Exception {
    String call = toolUse("ls", "{}");

    JsonNode body = body(FORMAT.userMessage("hi"), text(""), call, result(call, "x"));

    assertThat(body.path("messages").get(1).path("content").findValuesAsText("type")).containsExactly("tool_use");
  }

  @Test
  void noRequest_hasMoreThanFourBreakpoints_howeverLongTheConversation() throws Exception {
    List<String> items = new ArrayList<>(List.of(FORMAT.userMessage("start")));
    for (int step = 0; step < 60; step++) {
      String call = toolUse("read_file", "{\"path\":\"f" + step + "\"}");
      items.add(thinking("step " + step, "sig" + step));
      items.add(call);
      items.add(result(call, "content " + step));
      if (step % 7 == 0) items.add(FORMAT.userMessage("follow-up " + step));
      assertThat(breakpoints(body(items, List.of()))).isLessThanOrEqualTo(4);
    }
  }

  @Test
  void eachRequest_extendsThePreviousOne_onceBreakpointsAreSetAside() throws Exception {
    List<String> items = new ArrayList<>(List.of(FORMAT.userMessage("start")));
    String previous = null;
    for (int step = 0; step < 20; step++) {
      String call = toolUse("read_file", "{\"path\":\"f" + step + "\"}");
      items.add(call);
      items.add(result(call, "content " + step));
      String now = messagesWithoutBreakpoints(body(items, List.of()));
      if (previous != null) assertThat(now).startsWith(previous.substring(0, previous.length() - 2));
      previous = now;
    }
  }

  /** The messages' text with the markers removed, without the closing brackets of the last message. */
  private static String messagesWithoutBreakpoints(JsonNode body) {
    return body.path("messages").toString().replace("," + MessagesBody.CACHE_CONTROL, "");
  }

  @Test
  void aBreakpoint_isAppendedAsTheBlocksLastField() {
    assertThat(MessagesBody.withBreakpoint("{\"type\":\"text\",\"text\":\"x\"} "))
        .isEqualTo("{\"type\":\"text\",\"text\":\"x\"," + MessagesBody.CACHE_CONTROL + "}");
  }

  @Test
  void theCompactionRequest_asksForAnthropicsCompactionAtItsMinimum_unstreamed() throws Exception {
    JsonNode body = JSON.readTree(MessagesBody.forCompaction(
        new ModelRequest("m", "s", List.of(FORMAT.userMessage("hi")), List.of(), "k"), AnthropicOptions.defaults()));

    assertThat(body.path("stream").asBoolean()).isFalse();
    JsonNode edit = body.path("context_management").path("edits").get(0);
    assertThat(edit.path("type").asText()).isEqualTo("compact_20260112");
    assertThat(edit.path("trigger").path("value").asInt()).isEqualTo(50_000);
    assertThat(edit.path("pause_after_compaction").asBoolean()).isTrue();
  }
}
