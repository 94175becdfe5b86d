package dev.longhaul.store;

import dev.longhaul.model.ProviderId;

/**
 * One conversation item as stored.
 *
 * @param kind what the item is, in the neutral terms of {@link ItemKind}
 * @param raw the item's JSON exactly as the provider sent it, or as we built it in its format
 * @param provider whose format {@code raw} is in
 */
public record Item(long seq, int turn, ItemKind kind, String raw, int tokens, ProviderId provider) {
  /** An item of OpenAI's Responses API, the one format there was before providers. */
  public Item(long seq, int turn, ItemKind kind, String raw, int tokens) {
    this(seq, turn, kind, raw, tokens, ProviderId.OPENAI_RESPONSES);
  }
}
