package dev.longhaul.model.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.longhaul.model.ItemFormat;
import dev.longhaul.store.ItemKind;
import java.util.Optional;

/**
 * How Anthropic Messages items are stored. The model's side is stored one content block per item,
 * exactly as assembled from the stream ({@code text}, {@code tool_use}, {@code thinking} with its
 * {@code signature}, {@code redacted_thinking}, {@code compaction}); a tool's output is a {@code
 * tool_result} block; what a person (or Longhaul) says is a whole message with a {@code role} and
 * {@code content} blocks. {@link MessagesBody} groups them into alternating messages.
 *
 * <p>Longhaul's own notes are stored with the role {@code developer}, which Anthropic does not
 * have: they keep their own kind in the store, and the request writer sends their blocks as the
 * user's, since it only ever sends an item's content blocks, never the stored message itself.
 */
public final class AnthropicFormat implements ItemFormat {
  public static final AnthropicFormat INSTANCE = new AnthropicFormat();
  private static final ObjectMapper JSON = new ObjectMapper();

  private AnthropicFormat() {}

  @Override
  public String userMessage(String text) {
    return message("user", text);
  }

  @Override
  public String developerMessage(String text) {
    return message("developer", text);
  }

  @Override
  public String toolOutput(String callId, String output) {
    ObjectNode block = JSON.createObjectNode();
    block.put("type", "tool_result");
    block.put("tool_use_id", callId);
    block.put("content", output);
    return block.toString();
  }

  /** The kind of {@code thinking} and {@code redacted_thinking} blocks. */
  public static final ItemKind THINKING = new ItemKind("thinking");

  /**
   * Messages by their role; blocks by their type: {@code tool_use} a call, {@code tool_result} its
   * output, {@code text} the assistant's message, {@code compaction} a compaction.
   *
   * <p>Thinking blocks are {@link #THINKING}, not {@link ItemKind#REASONING}: the prompt builder
   * drops reasoning once a later turn began, and for Anthropic that would break the cached prefix
   * at every turn (its cache matches the exact prefix) while gaining nothing. Anthropic requires
   * the blocks unchanged within a tool chain and accepts them in later turns: older models ignore
   * them there, current ones keep them in context. So they are sent for the whole task, unchanged.
   */
  @Override
  public ItemKind kind(JsonNode item) {
    if (item.has("role")) return ItemKind.message(item.path("role").asText("unknown"));
    return switch (item.path("type").asText("unknown")) {
      case "text" -> ItemKind.ASSISTANT_MESSAGE;
      case "thinking", "redacted_thinking" -> THINKING;
      case "tool_use" -> ItemKind.FUNCTION_CALL;
      case "tool_result" -> ItemKind.FUNCTION_CALL_OUTPUT;
      case "compaction" -> ItemKind.COMPACTION;
      default -> new ItemKind(item.path("type").asText("unknown"));
    };
  }

  @Override
  public String assistantText(JsonNode item) {
    if (item.has("role") || !item.path("type").asText().equals("text")) return "";
    return item.path("text").asText("");
  }

  @Override
  public Optional<ToolCall> toolCall(JsonNode item) {
    if (item.has("role") || !item.path("type").asText().equals("tool_use")) return Optional.empty();
    JsonNode input = item.path("input");
    return Optional.of(
        new ToolCall(
            item.path("id").asText(), item.path("name").asText(),
            input.isMissingNode() ? "{}" : input.toString()));
  }

  /** A {@code tool_result} block's output: its text, or its text blocks joined. */
  @Override
  public Optional<ToolResult> toolResult(JsonNode item) {
    if (item.has("role") || !item.path("type").asText().equals("tool_result")) return Optional.empty();
    return Optional.of(new ToolResult(item.path("tool_use_id").asText(), texts(item.path("content"), "text")));
  }

  /**
   * What a person reads: a message's text blocks, a text block, a thinking block's (summarized)
   * thinking, a compaction's summary; empty for calls, results and redacted thinking.
   */
  @Override
  public String text(JsonNode item) {
    if (item.has("role")) return texts(item.path("content"), "text");
    return switch (item.path("type").asText()) {
      case "text" -> item.path("text").asText("");
      case "thinking" -> item.path("thinking").asText("");
      case "compaction" -> item.path("content").asText("");
      default -> "";
    };
  }

  private static String texts(JsonNode content, String field) {
    if (content.isTextual()) return content.asText();
    StringBuilder text = new StringBuilder();
    for (JsonNode block : content) {
      if (block.path(field).isTextual()) text.append(block.path(field).asText());
    }
    return text.toString();
  }

  private static String message(String role, String text) {
    ObjectNode message = JSON.createObjectNode();
    message.put("role", role);
    message.putArray("content").addObject().put("type", "text").put("text", text);
    return message.toString();
  }
}
