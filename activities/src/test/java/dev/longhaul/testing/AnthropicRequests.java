package dev.longhaul.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads a recorded Messages request the way tests ask about it. */
public final class AnthropicRequests {
  private AnthropicRequests() {}

  /** Every content block of the request's messages of {@code role} ({@code null}: any), in order. */
  public static List<JsonNode> blocks(RecordedRequest request, String role) {
    List<JsonNode> blocks = new ArrayList<>();
    for (JsonNode message : request.body().path("messages")) {
      if (role != null && !role.equals(message.path("role").asText())) continue;
      message.path("content").forEach(blocks::add);
    }
    return blocks;
  }

  /** The blocks of one type, whichever message holds them. */
  public static List<JsonNode> blocksOfType(RecordedRequest request, String type) {
    return blocks(request, null).stream().filter(b -> b.path("type").asText().equals(type)).toList();
  }

  /** The text of every text block the user side sent (prompts, follow-ups, Longhaul's notes). */
  public static List<String> userTexts(RecordedRequest request) {
    return blocks(request, "user").stream()
        .filter(b -> b.path("type").asText().equals("text")).map(b -> b.path("text").asText()).toList();
  }

  /** The output of the last tool result in the request. */
  public static String lastToolResult(RecordedRequest request) {
    List<JsonNode> results = blocksOfType(request, "tool_result");
    return results.get(results.size() - 1).path("content").asText();
  }
}
