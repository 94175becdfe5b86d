package dev.longhaul.activities;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.prompt.ItemKinds;
import dev.longhaul.prompt.ItemTokens;
import dev.longhaul.store.Item;
import java.util.ArrayList;
import java.util.List;

/** Turns raw items into stored {@link Item}s with their kind and token estimate. */
final class ContextItems {
  private final ItemTokens itemTokens;

  ContextItems(ItemTokens itemTokens) {
    this.itemTokens = itemTokens;
  }

  List<Item> of(List<String> raws, int turn) {
    List<Item> items = new ArrayList<>(raws.size());
    for (String raw : raws) {
      JsonNode node = Items.parse(raw);
      items.add(new Item(-1, turn, ItemKinds.of(node), raw, itemTokens.estimate(node)));
    }
    return items;
  }

  static long tokens(List<Item> items) {
    long total = 0;
    for (Item item : items) total += item.tokens();
    return total;
  }
}
