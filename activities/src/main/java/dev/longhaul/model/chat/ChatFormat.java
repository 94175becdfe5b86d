package dev.longhaul.model.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.longhaul.model.ItemFormat;
import dev.longhaul.store.ItemKind;
import java.util.Optional;

/**
 * The items of the Chat Completions API. Each item is the API's own JSON: a message ({@code user},
 * {@code tool}, an {@code assistant} message with its text, or one with only the {@code
 * reasoning_content} some servers send), or one element of an assistant message's {@code
 * tool_calls}. A response thus becomes several items, which {@link ChatBody} merges back into one
 * assistant message, the same way every time.
 */
public final class ChatFormat implements ItemFormat {
  public static final ChatFormat INSTANCE = new ChatFormat();
  /**
   * The {@code name} of a user message Longhaul wrote itself: many servers' chat templates refuse
   * a system message anywhere but first, so a note is a user message, told apart by its name.
   */
  static final String NOTE_NAME = "longhaul";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ChatFormat() {}

  @Override
  public String userMessage(String text) {
    return user(null, text);
  }

  @Override
  public String developerMessage(String text) {
    return user(NOTE_NAME, text);
  }

  private static String user(String name, String text) {
    ObjectNode item = JSON.createObjectNode();
    item.put("role", "user");
    if (name != null) item.put("name", name);
    item.put("content", text);
    return item.toString();
  }

  @Override
  public String toolOutput(String callId, String output) {
    ObjectNode item = JSON.createObjectNode();
    item.put("role", "tool");
    item.put("tool_call_id", callId);
    item.put("content", output);
    return item.toString();
  }

  @Override
  public ItemKind kind(JsonNode item) {
    String role = item.path("role").asText("");
    return switch (role) {
      case "user" -> NOTE_NAME.equals(item.path("name").asText(null))
          ? ItemKind.DEVELOPER_MESSAGE
          : ItemKind.USER_MESSAGE;
      case "tool" -> ItemKind.FUNCTION_CALL_OUTPUT;
      case "assistant" -> isReasoning(item) ? ItemKind.REASONING : ItemKind.ASSISTANT_MESSAGE;
      case "" -> item.has("function") ? ItemKind.FUNCTION_CALL : new ItemKind("unknown");
      default -> ItemKind.message(role);
    };
  }

  /** An assistant item that holds only reasoning: left out of later turns like any reasoning. */
  static boolean isReasoning(JsonNode item) {
    return item.has("reasoning_content") && !item.path("content").isTextual();
  }

  @Override
  public String assistantText(JsonNode item) {
    return text(item);
  }

  @Override
  public Optional<ToolCall> toolCall(JsonNode item) {
    if (!item.has("function") || item.has("role")) return Optional.empty();
    JsonNode function = item.path("function");
    return Optional.of(new ToolCall(item.path("id").asText(), function.path("name").asText(""),
        function.path("arguments").asText("")));
  }

  @Override
  public Optional<ToolResult> toolResult(JsonNode item) {
    if (!item.path("role").asText().equals("tool")) return Optional.empty();
    return Optional.of(new ToolResult(item.path("tool_call_id").asText(), text(item)));
  }

  /** A message's content, a string or text parts; an assistant's reasoning when it has only that. */
  @Override
  public String text(JsonNode item) {
    JsonNode content = item.path("content");
    if (content.isTextual()) return content.asText();
    if (isReasoning(item)) return item.path("reasoning_content").asText("");
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      if (part.path("text").isTextual()) text.append(part.path("text").asText());
    }
    return text.toString();
  }
}
