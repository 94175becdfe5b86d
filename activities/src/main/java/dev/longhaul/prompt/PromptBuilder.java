package dev.longhaul.prompt;

import dev.longhaul.store.Item;
import dev.longhaul.store.ItemKind;
import java.util.ArrayList;
import java.util.List;

/** Chooses which stored items make up a request's input. */
public final class PromptBuilder {
  private PromptBuilder() {}

  /**
   * The input items for a request made during {@code currentTurn}, in stored order and as raw
   * JSON, unchanged.
   *
   * <p>Reasoning items persist within the turn that produced them, across its chain of tool
   * calls, and are left out once a later turn has begun: the provider needs them to continue its
   * own reasoning mid-turn, and no longer after a new user message. Everything else is sent in
   * order, so between turns the prompt only grows at its end and the provider's prefix cache holds.
   */
  public static List<String> input(List<Item> items, int currentTurn) {
    List<String> input = new ArrayList<>(items.size());
    for (Item item : items) {
      if (item.kind().equals(ItemKind.REASONING) && item.turn() < currentTurn) continue;
      input.add(item.raw());
    }
    return input;
  }
}
