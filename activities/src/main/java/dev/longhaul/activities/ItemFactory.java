package dev.longhaul.activities;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.model.ItemFormat;
import dev.longhaul.model.ItemFormats;
import dev.longhaul.model.ProviderId;
import dev.longhaul.prompt.ItemTokens;
import dev.longhaul.store.Item;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes every stored {@link Item}, whoever wrote its JSON (the provider, a tool, Longhaul itself),
 * by one rule: its kind from its provider's {@link ItemFormat}, its tokens from {@link
 * ItemTokens#estimate}. So a context's estimated size means the same whatever its items came from.
 */
final class ItemFactory {
  private final ItemTokens itemTokens;

  ItemFactory(ItemTokens itemTokens) {
    this.itemTokens = itemTokens;
  }

  /** The item at {@code seq} (-1 for one of a checkpoint's) holding {@code raw} unchanged. */
  Item item(long seq, int turn, ProviderId provider, String raw) {
    JsonNode node = Items.parse(raw);
    return new Item(seq, turn, ItemFormats.of(provider).kind(node), raw, itemTokens.estimate(node), provider);
  }

  Item userMessage(long seq, int turn, ProviderId provider, String text) {
    return item(seq, turn, provider, ItemFormats.of(provider).userMessage(text));
  }

  Item developerMessage(long seq, int turn, ProviderId provider, String text) {
    return item(seq, turn, provider, ItemFormats.of(provider).developerMessage(text));
  }

  Item toolOutput(long seq, int turn, ProviderId provider, String callId, String output) {
    return item(seq, turn, provider, ItemFormats.of(provider).toolOutput(callId, output));
  }

  /** A checkpoint's items, in order, all in {@code provider}'s format. */
  List<Item> checkpointItems(List<String> raws, int turn, ProviderId provider) {
    List<Item> items = new ArrayList<>(raws.size());
    for (String raw : raws) items.add(item(-1, turn, provider, raw));
    return items;
  }

  static long tokens(List<Item> items) {
    long total = 0;
    for (Item item : items) total += item.tokens();
    return total;
  }

  /** The format of {@code item}'s provider. */
  static ItemFormat format(Item item) {
    return ItemFormats.of(item.provider());
  }
}
