package dev.longhaul.model;

import dev.longhaul.model.anthropic.AnthropicFormat;
import dev.longhaul.model.chat.ChatFormat;

/**
 * The item format of each provider. Formats are plain values, known for every provider whether or
 * not this process can reach it: stored items are read (restored, shown) without a connection.
 */
public final class ItemFormats {
  private ItemFormats() {}

  public static ItemFormat of(ProviderId provider) {
    return switch (provider) {
      case OPENAI_RESPONSES -> ResponsesFormat.INSTANCE;
      case OPENAI_CHAT -> ChatFormat.INSTANCE;
      case ANTHROPIC -> AnthropicFormat.INSTANCE;
    };
  }
}
