package dev.longhaul.model.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.model.ModelRequest;
import dev.longhaul.model.RawJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the body of {@code POST /v1/messages} from a {@link ModelRequest} of Anthropic items.
 *
 * <p>Items become messages: consecutive model-side blocks form one {@code assistant} message,
 * consecutive tool results and user (or Longhaul) messages one {@code user} message with its
 * {@code tool_result} blocks first, as Anthropic requires. The grouping depends only on the items,
 * so a request whose items extend the previous request's items extends its messages too. Every
 * block is copied as stored, byte for byte.
 *
 * <p>Prompt caching uses explicit breakpoints, at most three of Anthropic's four: the end of the
 * system prompt (which Anthropic renders after the tools, so it covers both), the last cacheable
 * block of the conversation (a rolling breakpoint, so the next request reads all of this one), and
 * the end of the previous request's conversation (the last block before the model's latest
 * message). That last one keeps the cache hit when the model's reply and its tool results add more
 * than the 20 blocks Anthropic looks back from a breakpoint. Thinking blocks cannot carry a
 * breakpoint, so the rolling one goes on the last block that can. The breakpoint marker is the
 * only thing added to a stored block; it is not part of what Anthropic caches.
 */
final class MessagesBody {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String CACHE_CONTROL = "\"cache_control\":{\"type\":\"ephemeral\"}";
  /** The type of Anthropic's server-side compaction, in beta as of 2026-01-12. */
  static final String COMPACTION_EDIT = "compact_20260112";
  /** Anthropic's smallest compaction trigger: it compacts no context shorter than this. */
  static final int MIN_COMPACTION_TRIGGER = 50_000;

  private record Block(String raw, boolean cacheable) {}

  private record Message(String role, List<Block> blocks) {}

  private MessagesBody() {}

  /** The streamed request to sample the model. */
  static String forSampling(ModelRequest request, AnthropicOptions options) {
    return write(request, options, true, false);
  }

  /**
   * The request that asks Anthropic to compact now: server-side compaction triggered at its
   * minimum, pausing right after the compaction block, not streamed, so the block is cut out of
   * the answer byte for byte.
   */
  static String forCompaction(ModelRequest request, AnthropicOptions options) {
    return write(request, options, false, true);
  }

  /**
   * The body of {@code POST /v1/messages/count_tokens} for the same context: what Anthropic counts
   * (model, thinking, tools, system, messages), without the sampling fields it does not take.
   */
  static String forCounting(ModelRequest request, AnthropicOptions options) {
    return write(request, options, null, false);
  }

  /** @param stream whether to stream; null for a token count, which takes neither it nor max_tokens */
  private static String write(ModelRequest request, AnthropicOptions options, Boolean stream, boolean compact) {
    List<Message> messages = group(request.input());
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("model", request.model());
      if (stream != null) g.writeNumberField("max_tokens", options.maxTokens());
      writeThinking(g, options.thinking());
      boolean hasSystem = request.instructions() != null && !request.instructions().isBlank();
      writeTools(g, request.tools(), !hasSystem);
      if (hasSystem) {
        g.writeArrayFieldStart("system");
        g.writeStartObject();
        g.writeStringField("type", "text");
        g.writeStringField("text", request.instructions());
        g.writeObjectFieldStart("cache_control");
        g.writeStringField("type", "ephemeral");
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
      }
      writeMessages(g, messages);
      if (stream != null) g.writeBooleanField("stream", stream);
      if (compact) writeCompaction(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void writeThinking(JsonGenerator g, String thinking) throws IOException {
    if (thinking == null) return;
    g.writeObjectFieldStart("thinking");
    if (thinking.equals("adaptive")) {
      g.writeStringField("type", "adaptive");
    } else {
      g.writeStringField("type", "enabled");
      g.writeNumberField("budget_tokens", AnthropicOptions.budget(thinking));
    }
    g.writeEndObject();
  }

  /** Responses-form tools rewritten as Anthropic's {@code name}, {@code description}, {@code input_schema}. */
  private static void writeTools(JsonGenerator g, List<JsonNode> tools, boolean breakpointOnLast) throws IOException {
    if (tools.isEmpty()) return;
    g.writeArrayFieldStart("tools");
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      g.writeStartObject();
      g.writeStringField("name", tool.path("name").asText());
      if (tool.hasNonNull("description")) g.writeStringField("description", tool.path("description").asText());
      g.writeFieldName("input_schema");
      JsonNode schema = tool.path("parameters");
      if (schema.isObject()) g.writeTree(schema);
      else g.writeRawValue("{\"type\":\"object\",\"properties\":{}}");
      if (breakpointOnLast && i == tools.size() - 1) {
        g.writeObjectFieldStart("cache_control");
        g.writeStringField("type", "ephemeral");
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeMessages(JsonGenerator g, List<Message> messages) throws IOException {
    List<Block> breakpoints = breakpoints(messages);
    g.writeArrayFieldStart("messages");
    for (Message message : messages) {
      g.writeStartObject();
      g.writeStringField("role", message.role());
      g.writeArrayFieldStart("content");
      for (Block block : message.blocks()) {
        // Identity, not equality: two blocks may have the same text.
        boolean marked = breakpoints.stream().anyMatch(b -> b == block);
        g.writeRawValue(marked ? withBreakpoint(block.raw()) : block.raw());
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** The rolling breakpoint, and the end of the previous request's conversation when it differs. */
  private static List<Block> breakpoints(List<Message> messages) {
    List<Block> marks = new ArrayList<>(2);
    int lastAssistant = -1;
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role().equals("assistant")) {
        lastAssistant = i;
        break;
      }
    }
    if (lastAssistant > 0) {
      Block previousEnd = lastCacheable(messages.subList(0, lastAssistant));
      if (previousEnd != null) marks.add(previousEnd);
    }
    Block end = lastCacheable(messages);
    if (end != null && (marks.isEmpty() || marks.get(0) != end)) marks.add(end);
    return marks;
  }

  private static Block lastCacheable(List<Message> messages) {
    for (int m = messages.size() - 1; m >= 0; m--) {
      List<Block> blocks = messages.get(m).blocks();
      for (int b = blocks.size() - 1; b >= 0; b--) {
        if (blocks.get(b).cacheable()) return blocks.get(b);
      }
    }
    return null;
  }

  /** The block's text with a breakpoint added as its last field. */
  static String withBreakpoint(String raw) {
    String block = raw.stripTrailing();
    int close = block.lastIndexOf('}');
    String head = block.substring(0, close).stripTrailing();
    return head + (head.endsWith("{") ? "" : ",") + CACHE_CONTROL + "}";
  }

  private static void writeCompaction(JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("context_management");
    g.writeArrayFieldStart("edits");
    g.writeStartObject();
    g.writeStringField("type", COMPACTION_EDIT);
    g.writeObjectFieldStart("trigger");
    g.writeStringField("type", "input_tokens");
    g.writeNumberField("value", MIN_COMPACTION_TRIGGER);
    g.writeEndObject();
    g.writeBooleanField("pause_after_compaction", true);
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }

  /**
   * The items grouped into alternating messages. A user-side run puts its tool results first, in
   * their stored order, then the other blocks in theirs: every {@code tool_use} of the model's
   * message is answered at the start of the next user message.
   */
  private static List<Message> group(List<String> items) {
    List<Message> messages = new ArrayList<>();
    List<Block> results = new ArrayList<>();
    List<Block> others = new ArrayList<>();
    String role = null;
    for (String item : items) {
      JsonNode node = parse(item);
      // Anthropic refuses empty text blocks in a request; the model may stream one. Leaving it
      // out every time keeps each request extending the previous one.
      if (isEmptyText(node)) continue;
      boolean userSide = node.has("role") ? !node.path("role").asText().equals("assistant")
          : node.path("type").asText().equals("tool_result");
      String itemRole = userSide ? "user" : "assistant";
      if (role != null && !role.equals(itemRole)) {
        messages.add(flush(role, results, others));
      }
      role = itemRole;
      if (!node.has("role")) {
        (node.path("type").asText().equals("tool_result") ? results : others).add(block(item, node));
      } else {
        for (String content : contentBlocks(item, node)) {
          JsonNode c = parse(content);
          if (isEmptyText(c)) continue;
          (c.path("type").asText().equals("tool_result") ? results : others).add(block(content, c));
        }
      }
    }
    if (role != null) messages.add(flush(role, results, others));
    return messages;
  }

  private static Message flush(String role, List<Block> results, List<Block> others) {
    List<Block> blocks = new ArrayList<>(results);
    blocks.addAll(others);
    results.clear();
    others.clear();
    return new Message(role, List.copyOf(blocks));
  }

  private static Block block(String raw, JsonNode node) {
    String type = node.path("type").asText();
    return new Block(raw, !type.equals("thinking") && !type.equals("redacted_thinking"));
  }

  private static boolean isEmptyText(JsonNode block) {
    return block.path("type").asText().equals("text") && block.path("text").asText().isEmpty();
  }

  /** A message's content blocks, raw; string content becomes one text block. */
  private static List<String> contentBlocks(String item, JsonNode node) {
    JsonNode content = node.path("content");
    if (content.isTextual()) {
      return List.of(JSON.createObjectNode().put("type", "text").put("text", content.asText()).toString());
    }
    try {
      return RawJson.arrayElements(item, "content");
    } catch (IOException e) {
      throw new IllegalArgumentException("a stored Anthropic message is not JSON: " + item, e);
    }
  }

  private static JsonNode parse(String item) {
    try {
      return JSON.readTree(item);
    } catch (IOException e) {
      throw new IllegalArgumentException("a stored Anthropic item is not JSON: " + item, e);
    }
  }
}
