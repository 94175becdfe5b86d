package dev.longhaul.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/**
 * The Messages API's rules a request must keep, as the fake enforces them: what a real request
 * would be refused for with {@code invalid_request_error}.
 */
final class AnthropicRules {
  static final int MAX_BREAKPOINTS = 4;

  private AnthropicRules() {}

  /** What is wrong with the request, or null when Anthropic would take it. */
  static String violation(RecordedRequest request) {
    if (request.header("anthropic-version") == null) return "anthropic-version header is required";
    JsonNode body = request.body();
    if (!body.path("max_tokens").isInt()) return "max_tokens: Field required";
    if (!body.path("model").isTextual()) return "model: Field required";
    int breakpoints = body.toString().split("\"cache_control\"", -1).length - 1;
    if (breakpoints > MAX_BREAKPOINTS) {
      return "A maximum of 4 blocks with cache_control may be provided. Found " + breakpoints + ".";
    }
    JsonNode messages = body.path("messages");
    if (!messages.isArray() || messages.isEmpty()) return "messages: at least one message is required";
    String previousRole = null;
    Set<String> unanswered = new HashSet<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String role = message.path("role").asText();
      if (!role.equals("user") && !role.equals("assistant")) return "messages." + i + ".role: Input should be 'user' or 'assistant'";
      if (role.equals(previousRole)) return "messages: roles must alternate between \"user\" and \"assistant\"";
      boolean resultsDone = false;
      for (JsonNode block : message.path("content")) {
        String type = block.path("type").asText();
        if (block.has("cache_control") && (type.equals("thinking") || type.equals("redacted_thinking"))) {
          return "messages." + i + ".content: thinking blocks cannot be marked with cache_control";
        }
        if (type.equals("tool_result")) {
          if (!role.equals("user")) return "messages." + i + ": tool_result blocks belong in user messages";
          if (resultsDone) return "messages." + i + ": tool_result blocks must come first in the user message";
          unanswered.remove(block.path("tool_use_id").asText());
        } else if (role.equals("user")) {
          resultsDone = true;
        }
      }
      if (role.equals("user") && !unanswered.isEmpty()) {
        return "messages." + i + ": tool_use ids were found without tool_result blocks immediately after: " + unanswered;
      }
      unanswered.clear();
      if (role.equals("assistant")) {
        for (JsonNode block : message.path("content")) {
          if (block.path("type").asText().equals("tool_use")) unanswered.add(block.path("id").asText());
        }
      }
      previousRole = role;
    }
    return null;
  }
}
