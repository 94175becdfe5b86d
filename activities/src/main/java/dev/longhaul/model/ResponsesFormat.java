package dev.longhaul.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.longhaul.store.ItemKind;
import java.util.Optional;

/** The items of OpenAI's Responses API: typed items, messages with content parts. */
public final class ResponsesFormat implements ItemFormat {
  public static final ResponsesFormat INSTANCE = new ResponsesFormat();
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResponsesFormat() {}

  @Override
  public String userMessage(String text) {
    return message("user", text);
  }

  @Override
  public String developerMessage(String text) {
    return message("developer", text);
  }

  /** A message item of {@code role} with one {@code input_text} part, as Longhaul writes them. */
  public static String message(String role, String text) {
    ObjectNode item = JSON.createObjectNode();
    item.put("type", "message");
    item.put("role", role);
    item.putArray("content").addObject().put("type", "input_text").put("text", text);
    return item.toString();
  }

  @Override
  public String toolOutput(String callId, String output) {
    ObjectNode item = JSON.createObjectNode();
    item.put("type", "function_call_output");
    item.put("call_id", callId);
    item.put("output", output);
    return item.toString();
  }

  /** The item's {@code type}, and for a message its role too: for items sent and built alike. */
  @Override
  public ItemKind kind(JsonNode item) {
    String type = item.path("type").asText("unknown");
    if (type.equals("message")) return ItemKind.message(item.path("role").asText("unknown"));
    return new ItemKind(type);
  }

  /** A message's output_text and refusal parts, joined. */
  @Override
  public String assistantText(JsonNode item) {
    return parts(item.path("content"));
  }

  @Override
  public Optional<ToolCall> toolCall(JsonNode item) {
    if (!item.path("type").asText().equals("function_call")) return Optional.empty();
    return Optional.of(new ToolCall(item.path("call_id").asText(), item.path("name").asText(""),
        item.path("arguments").asText("")));
  }

  @Override
  public Optional<ToolResult> toolResult(JsonNode item) {
    if (!item.path("type").asText().equals("function_call_output")) return Optional.empty();
    return Optional.of(new ToolResult(item.path("call_id").asText(), item.path("output").asText()));
  }

  @Override
  public String text(JsonNode item) {
    return item.path("type").asText().equals("reasoning")
        ? parts(item.path("summary"))
        : parts(item.path("content"));
  }

  private static String parts(JsonNode parts) {
    if (parts.isTextual()) return parts.asText();
    StringBuilder text = new StringBuilder();
    for (JsonNode part : parts) {
      if (part.path("text").isTextual()) text.append(part.path("text").asText());
      if (part.path("refusal").isTextual()) text.append("[refused] ").append(part.path("refusal").asText());
    }
    return text.toString();
  }
}
