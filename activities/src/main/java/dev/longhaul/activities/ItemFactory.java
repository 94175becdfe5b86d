package dev.longhaul.activities;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.prompt.ItemTokens;
import dev.longhaul.store.Item;
import dev.longhaul.store.ItemKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes every stored {@link Item}, whoever wrote its JSON (the provider, a tool, Longhaul itself),
 * by one rule: its kind from {@link ItemKind#of}, its tokens from {@link ItemTokens#estimate}. So a
 * context's estimated size means the same whatever its items came from.
 */
final class ItemFactory {
  private final ItemTokens itemTokens;

  ItemFactory(ItemTokens itemTokens) {
    this.itemTokens = itemTokens;
  }

  /** The item at {@code seq} (-1 for one of a checkpoint's) holding {@code raw} unchanged. */
  Item item(long seq, int turn, String raw) {
    JsonNode node = Items.parse(raw);
    return new Item(seq, turn, ItemKind.of(node), raw, itemTokens.estimate(node));
  }

  Item message(long seq, int turn, String role, String text) {
    return item(seq, turn, Items.message(role, text));
  }

  Item toolOutput(long seq, int turn, String callId, String output) {
    return item(seq, turn, Items.functionCallOutput(callId, output));
  }

  /** A checkpoint's items, in order. */
  List<Item> checkpointItems(List<String> raws, int turn) {
    List<Item> items = new ArrayList<>(raws.size());
    for (String raw : raws) items.add(item(-1, turn, raw));
    return items;
  }

  static long tokens(List<Item> items) {
    long total = 0;
    for (Item item : items) total += item.tokens();
    return total;
  }
}
