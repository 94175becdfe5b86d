package dev.longhaul.model.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.model.ItemFormat;
import dev.longhaul.store.ItemKind;
import org.junit.jupiter.api.Test;

class ChatFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ChatFormat FORMAT = ChatFormat.INSTANCE;

  private static JsonNode node(String raw) throws Exception {
    return JSON.readTree(raw);
  }

  @Test
  void itemsLonghaulWrites_haveTheNeutralKinds_andReadBack() throws Exception {
    JsonNode user = node(FORMAT.userMessage("fix it"));
    JsonNode note = node(FORMAT.developerMessage("The model changed."));
    JsonNode output = node(FORMAT.toolOutput("call_1", "ok"));

    assertThat(FORMAT.kind(user)).isEqualTo(ItemKind.USER_MESSAGE);
    assertThat(FORMAT.kind(note)).isEqualTo(ItemKind.DEVELOPER_MESSAGE);
    assertThat(note.path("role").asText()).isEqualTo("user"); // chat templates refuse a late system message
    assertThat(FORMAT.kind(output)).isEqualTo(ItemKind.FUNCTION_CALL_OUTPUT);
    assertThat(FORMAT.toolResult(output)).contains(new ItemFormat.ToolResult("call_1", "ok"));
    assertThat(FORMAT.text(user)).isEqualTo("fix it");
  }

  @Test
  void itemsTheServerSent_haveTheNeutralKinds() throws Exception {
    JsonNode reasoning = node("{\"role\":\"assistant\",\"reasoning_content\":\"hmm\"}");
    JsonNode answer = node("{\"role\":\"assistant\",\"content\":\"Done.\"}");
    JsonNode call = node("{\"id\":\"call_9\",\"type\":\"function\",\"function\":{\"name\":\"shell\",\"arguments\":\"{}\"}}");

    assertThat(FORMAT.kind(reasoning)).isEqualTo(ItemKind.REASONING);
    assertThat(FORMAT.kind(answer)).isEqualTo(ItemKind.ASSISTANT_MESSAGE);
    assertThat(FORMAT.assistantText(answer)).isEqualTo("Done.");
    assertThat(FORMAT.kind(call)).isEqualTo(ItemKind.FUNCTION_CALL);
    assertThat(FORMAT.toolCall(call)).contains(new ItemFormat.ToolCall("call_9", "shell", "{}"));
    assertThat(FORMAT.toolCall(answer)).isEmpty();
  }
}
