package dev.longhaul.model.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.model.ItemFormat.ToolCall;
import dev.longhaul.store.ItemKind;
import dev.longhaul.testing.AnthropicScript;
import org.junit.jupiter.api.Test;

class AnthropicFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AnthropicFormat format = AnthropicFormat.INSTANCE;

  private JsonNode parse(String raw) throws Exception {
    return JSON.readTree(raw);
  }

  @Test
  void eachItem_hasItsNeutralKind() throws Exception {
    assertThat(format.kind(parse(format.userMessage("hi")))).isEqualTo(ItemKind.USER_MESSAGE);
    assertThat(format.kind(parse(format.developerMessage("note")))).isEqualTo(ItemKind.DEVELOPER_MESSAGE);
    assertThat(format.kind(parse(AnthropicScript.text("a")))).isEqualTo(ItemKind.ASSISTANT_MESSAGE);
    assertThat(format.kind(parse(AnthropicScript.thinking("t", "s")))).isEqualTo(AnthropicFormat.THINKING);
    assertThat(format.kind(parse(AnthropicScript.redactedThinking("d")))).isEqualTo(AnthropicFormat.THINKING);
    assertThat(format.kind(parse(AnthropicScript.toolUse("ls", "{}")))).isEqualTo(ItemKind.FUNCTION_CALL);
    assertThat(format.kind(parse(format.toolOutput("toolu_1", "x")))).isEqualTo(ItemKind.FUNCTION_CALL_OUTPUT);
    assertThat(format.kind(parse("{\"type\":\"compaction\",\"content\":\"s\"}"))).isEqualTo(ItemKind.COMPACTION);
  }

  @Test
  void thinkingBlocks_areKeptByThePromptBuilderInLaterTurns_soThePrefixHolds() throws Exception {
    String thought = AnthropicScript.thinking("t", "s");
    String followUp = format.userMessage("next");
    java.util.List<dev.longhaul.store.Item> items = java.util.List.of(
        new dev.longhaul.store.Item(1, 0, format.kind(parse(thought)), thought, 5),
        new dev.longhaul.store.Item(2, 1, format.kind(parse(followUp)), followUp, 5));

    assertThat(dev.longhaul.prompt.PromptBuilder.input(items, 1)).containsExactly(thought, followUp);
  }

  @Test
  void aToolUse_isACallWithItsInputAsJsonText() throws Exception {
    JsonNode call = parse("{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"shell\",\"input\":{\"command\":[\"ls\"]}}");

    assertThat(format.toolCall(call)).contains(new ToolCall("toolu_9", "shell", "{\"command\":[\"ls\"]}"));
    assertThat(format.toolCall(parse(AnthropicScript.text("x")))).isEmpty();
  }

  @Test
  void assistantText_isTheTextBlocksText_only() throws Exception {
    assertThat(format.assistantText(parse(AnthropicScript.text("Done.")))).isEqualTo("Done.");
    assertThat(format.assistantText(parse(format.userMessage("hi")))).isEmpty();
    assertThat(format.assistantText(parse(AnthropicScript.thinking("t", "s")))).isEmpty();
  }

  @Test
  void aToolOutput_isAToolResultBlockForItsCall() throws Exception {
    JsonNode result = parse(format.toolOutput("toolu_3", "line 1\nline \"2\""));

    assertThat(result.path("type").asText()).isEqualTo("tool_result");
    assertThat(result.path("tool_use_id").asText()).isEqualTo("toolu_3");
    assertThat(result.path("content").asText()).isEqualTo("line 1\nline \"2\"");
  }
}
