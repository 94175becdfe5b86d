package dev.longhaul.model.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.longhaul.contract.Usage;
import dev.longhaul.model.ModelResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Assembles the chunks of one streamed Chat Completions response into items: the reasoning, the
 * text, and each tool call, whose id, name and argument fragments arrive as deltas keyed by their
 * {@code index}. No I/O: the client feeds it the chunks' JSON.
 */
final class ChatStream {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StringBuilder reasoning = new StringBuilder();
  private final StringBuilder text = new StringBuilder();
  private final Map<Integer, Call> calls = new TreeMap<>();
  private Usage usage = Usage.none();
  private String finishReason;

  private static final class Call {
    String id;
    String name = "";
    final StringBuilder arguments = new StringBuilder();
  }

  /** Takes one chunk (the JSON of a {@code data:} line other than {@code [DONE]}). */
  void accept(JsonNode chunk) {
    for (JsonNode choice : chunk.path("choices")) {
      JsonNode delta = choice.path("delta");
      // Servers name the reasoning differently: reasoning_content (DeepSeek, vLLM, llama.cpp)
      // or reasoning (OpenRouter, Ollama).
      if (delta.path("reasoning_content").isTextual()) reasoning.append(delta.path("reasoning_content").asText());
      else if (delta.path("reasoning").isTextual()) reasoning.append(delta.path("reasoning").asText());
      if (delta.path("content").isTextual()) text.append(delta.path("content").asText());
      int position = 0;
      for (JsonNode part : delta.path("tool_calls")) {
        int index = part.path("index").asInt(calls.size() + position);
        Call call = calls.computeIfAbsent(index, i -> new Call());
        if (part.path("id").isTextual() && !part.path("id").asText().isEmpty()) call.id = part.path("id").asText();
        JsonNode function = part.path("function");
        if (function.path("name").isTextual()) call.name += function.path("name").asText();
        if (function.path("arguments").isTextual()) call.arguments.append(function.path("arguments").asText());
        else if (function.path("arguments").isObject()) call.arguments.append(function.path("arguments"));
        position++;
      }
      if (choice.path("finish_reason").isTextual()) finishReason = choice.path("finish_reason").asText();
    }
    if (chunk.path("usage").isObject()) usage = usage(chunk.path("usage"));
  }

  /** Whether the response said why it stopped: what a complete stream does before it ends. */
  boolean finished() {
    return finishReason != null;
  }

  /**
   * The response's items, in the order the request writer merges them back: reasoning, text,
   * then the tool calls by index. A call without an id gets one, since its output must name it.
   */
  ModelResponse response() {
    List<String> items = new ArrayList<>();
    if (!reasoning.isEmpty()) {
      ObjectNode item = JSON.createObjectNode();
      item.put("role", "assistant");
      item.put("reasoning_content", reasoning.toString());
      items.add(item.toString());
    }
    if (!text.isEmpty()) {
      ObjectNode item = JSON.createObjectNode();
      item.put("role", "assistant");
      item.put("content", text.toString());
      items.add(item.toString());
    }
    for (Call call : calls.values()) {
      ObjectNode item = JSON.createObjectNode();
      item.put("id", call.id != null ? call.id : "call_" + UUID.randomUUID().toString().replace("-", ""));
      item.put("type", "function");
      ObjectNode function = item.putObject("function");
      function.put("name", call.name);
      function.put("arguments", call.arguments.toString());
      items.add(item.toString());
    }
    String incomplete = switch (finishReason == null ? "stop" : finishReason) {
      case "length" -> "max_output_tokens";
      case "content_filter" -> "content_filter";
      default -> null;
    };
    return new ModelResponse(items, usage, incomplete);
  }

  private static Usage usage(JsonNode usage) {
    return new Usage(
        usage.path("prompt_tokens").asLong(),
        usage.path("prompt_tokens_details").path("cached_tokens").asLong(),
        usage.path("completion_tokens").asLong(),
        usage.path("completion_tokens_details").path("reasoning_tokens").asLong());
  }
}
