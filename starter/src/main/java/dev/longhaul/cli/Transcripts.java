package dev.longhaul.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.model.ItemFormat;
import dev.longhaul.model.ItemFormats;
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
      Item item = items.get(i);
      if (item.kind().equals(ItemKind.ASSISTANT_MESSAGE)) {
        return Optional.of(ItemFormats.of(item.provider()).assistantText(parse(item.raw())));
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
      out.append(block(item.kind(), ItemFormats.of(item.provider()), parse(item.raw())));
    }
    return out.toString();
  }

  private static String block(ItemKind kind, ItemFormat format, JsonNode node) {
    if (kind.equals(ItemKind.USER_MESSAGE)) return "user: " + format.text(node) + "\n";
    if (kind.equals(ItemKind.DEVELOPER_MESSAGE)) return "note: " + format.text(node) + "\n";
    if (kind.equals(ItemKind.ASSISTANT_MESSAGE)) return "assistant: " + format.assistantText(node) + "\n";
    if (kind.equals(ItemKind.REASONING)) return "(reasoning) " + format.text(node) + "\n";
    Optional<ItemFormat.ToolCall> call = format.toolCall(node);
    if (call.isPresent()) return "→ " + call.get().name() + " " + call.get().arguments() + "\n";
    Optional<ItemFormat.ToolResult> output = format.toolResult(node);
    if (output.isPresent()) return indent(firstLines(output.get().output()));
    return "(" + kind.label() + ")\n";
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
