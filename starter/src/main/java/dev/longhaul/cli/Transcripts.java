package dev.longhaul.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.store.Item;
import dev.longhaul.store.ItemKind;
import dev.longhaul.store.StoreReader;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Renders stored items for people. Plain functions over items: no I/O but the one lookup. */
final class Transcripts {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int OUTPUT_LINES = 12;

  private Transcripts() {}

  static Optional<String> lastAssistantText(StoreReader store, String taskId) {
    List<Item> items = store.transcript(taskId);
    for (int i = items.size() - 1; i >= 0; i--) {
      if (items.get(i).kind().equals(ItemKind.ASSISTANT_MESSAGE)) {
        return Optional.of(text(parse(items.get(i).raw()).path("content")));
      }
    }
    return Optional.empty();
  }

  /**
   * One block per item: who said it and what, turn headers between turns. Tool outputs show their
   * first lines only; {@code transcript --json} has everything.
   */
  static String render(List<Item> items) {
    StringBuilder out = new StringBuilder();
    int turn = -1;
    for (Item item : items) {
      if (item.turn() != turn) {
        turn = item.turn();
        out.append("── turn ").append(turn).append(" ──\n");
      }
      out.append(block(item.kind(), parse(item.raw())));
    }
    return out.toString();
  }

  private static String block(ItemKind kind, JsonNode node) {
    if (kind.equals(ItemKind.USER_MESSAGE)) return "user: " + text(node.path("content")) + "\n";
    if (kind.equals(ItemKind.DEVELOPER_MESSAGE)) return "note: " + text(node.path("content")) + "\n";
    if (kind.equals(ItemKind.ASSISTANT_MESSAGE)) return "assistant: " + text(node.path("content")) + "\n";
    if (kind.equals(ItemKind.REASONING)) return "(reasoning) " + text(node.path("summary")) + "\n";
    if (kind.equals(ItemKind.FUNCTION_CALL)) {
      return "→ " + node.path("name").asText() + " " + node.path("arguments").asText() + "\n";
    }
    if (kind.equals(ItemKind.FUNCTION_CALL_OUTPUT)) return indent(firstLines(node.path("output").asText()));
    return "(" + kind.label() + ")\n";
  }

  static String text(JsonNode parts) {
    if (parts.isTextual()) return parts.asText();
    StringBuilder text = new StringBuilder();
    for (JsonNode part : parts) {
      if (part.path("text").isTextual()) text.append(part.path("text").asText());
      if (part.path("refusal").isTextual()) text.append("[refused] ").append(part.path("refusal").asText());
    }
    return text.toString();
  }

  private static String firstLines(String output) {
    String[] lines = output.split("\n", -1);
    if (lines.length <= OUTPUT_LINES) return output;
    return String.join("\n", java.util.Arrays.copyOf(lines, OUTPUT_LINES))
        + "\n… (" + (lines.length - OUTPUT_LINES) + " more lines)";
  }

  private static String indent(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) out.append("  ← ").append(line).append('\n');
    return out.toString();
  }

  private static JsonNode parse(String raw) {
    try {
      return JSON.readTree(raw);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
