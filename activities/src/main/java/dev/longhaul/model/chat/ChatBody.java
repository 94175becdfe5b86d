package dev.longhaul.model.chat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.model.ModelRequest;
import dev.longhaul.store.ItemKind;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ModelRequest} as a Chat Completions body, a deterministic function of the request: the
 * options and tools first, the messages last, so a request whose context extends the previous
 * one's extends its body byte for byte up to the closing brackets.
 *
 * <p>Items are written unchanged, except that a run of consecutive assistant-side items (reasoning,
 * text, tool calls: one response) becomes the one assistant message the API expects: its {@code
 * content}, then {@code reasoning_content}, then the {@code tool_calls} elements as stored.
 */
final class ChatBody {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChatBody() {}

  /**
   * @param cacheKey whether to send {@code prompt_cache_key} (OpenAI's own server takes it; other
   *     servers may refuse a field they do not know)
   */
  static String of(ModelRequest request, boolean cacheKey) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("model", request.model());
      g.writeBooleanField("stream", true);
      g.writeObjectFieldStart("stream_options");
      g.writeBooleanField("include_usage", true);
      g.writeEndObject();
      if (cacheKey) g.writeStringField("prompt_cache_key", request.cacheKey());
      if (!request.tools().isEmpty()) {
        g.writeArrayFieldStart("tools");
        for (JsonNode tool : request.tools()) writeTool(g, tool);
        g.writeEndArray();
        g.writeStringField("tool_choice", "auto");
        g.writeBooleanField("parallel_tool_calls", true);
      }
      g.writeArrayFieldStart("messages");
      g.writeStartObject();
      g.writeStringField("role", "system");
      g.writeStringField("content", request.instructions());
      g.writeEndObject();
      writeMessages(g, request.input());
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A Responses-form function tool as a Chat Completions tool: the same fields, nested. */
  private static void writeTool(JsonGenerator g, JsonNode tool) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "function");
    g.writeObjectFieldStart("function");
    g.writeStringField("name", tool.path("name").asText());
    if (tool.has("description")) g.writeStringField("description", tool.path("description").asText());
    if (tool.has("parameters")) {
      g.writeFieldName("parameters");
      g.writeTree(tool.path("parameters"));
    }
    if (tool.has("strict")) g.writeBooleanField("strict", tool.path("strict").asBoolean());
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeMessages(JsonGenerator g, List<String> items) throws IOException {
    List<JsonNode> turn = new ArrayList<>(); // the assistant-side items of one response
    List<String> calls = new ArrayList<>();
    for (String raw : items) {
      JsonNode item = JSON.readTree(raw);
      ItemKind kind = ChatFormat.INSTANCE.kind(item);
      if (kind.equals(ItemKind.FUNCTION_CALL)) {
        calls.add(raw);
        continue;
      }
      if (kind.equals(ItemKind.ASSISTANT_MESSAGE) || kind.equals(ItemKind.REASONING)) {
        if (!calls.isEmpty()) flush(g, turn, calls); // a new response after one that called tools
        turn.add(item);
        continue;
      }
      flush(g, turn, calls);
      g.writeRawValue(raw); // never re-serialized
    }
    flush(g, turn, calls);
  }

  private static void flush(JsonGenerator g, List<JsonNode> turn, List<String> calls) throws IOException {
    if (turn.isEmpty() && calls.isEmpty()) return;
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    for (JsonNode item : turn) {
      if (item.path("content").isTextual()) text.append(item.path("content").asText());
      if (item.path("reasoning_content").isTextual()) reasoning.append(item.path("reasoning_content").asText());
    }
    g.writeStartObject();
    g.writeStringField("role", "assistant");
    if (text.isEmpty() && !calls.isEmpty()) g.writeNullField("content");
    else g.writeStringField("content", text.toString());
    if (!reasoning.isEmpty()) g.writeStringField("reasoning_content", reasoning.toString());
    if (!calls.isEmpty()) {
      g.writeArrayFieldStart("tool_calls");
      for (String call : calls) g.writeRawValue(call);
      g.writeEndArray();
    }
    g.writeEndObject();
    turn.clear();
    calls.clear();
  }
}
