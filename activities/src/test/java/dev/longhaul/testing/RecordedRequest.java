package dev.longhaul.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A request the fake model server received: its raw body and the body parsed. */
public record RecordedRequest(String path, Map<String, List<String>> headers, String rawBody, JsonNode body) {
  public List<JsonNode> input() {
    List<JsonNode> items = new ArrayList<>();
    body.path("input").forEach(items::add);
    return items;
  }

  /** The input items of the given type ({@code reasoning}, {@code function_call}, …). */
  public List<JsonNode> input(String type) {
    return input().stream().filter(i -> i.path("type").asText().equals(type)).toList();
  }

  /** The text of every user message in the input, in order. */
  public List<String> userMessages() {
    return input().stream()
        .filter(i -> i.path("role").asText().equals("user"))
        .map(i -> i.path("content").path(0).path("text").asText())
        .toList();
  }

  public String header(String name) {
    for (var e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().get(0);
    }
    return null;
  }
}
