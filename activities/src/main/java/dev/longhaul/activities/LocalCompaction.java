package dev.longhaul.activities;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.model.CallHooks;
import dev.longhaul.model.ModelException;
import dev.longhaul.model.ModelResponse;
import dev.longhaul.model.ItemFormat;
import dev.longhaul.model.ModelProvider;
import dev.longhaul.model.ModelRequest;
import dev.longhaul.store.Item;
import dev.longhaul.store.ItemKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Compaction for providers without a compaction endpoint: the model writes a handoff summary, and
 * the new context is the most recent user messages (within {@link #RECENT_USER_TOKENS}) followed
 * by the summary in a bridge message. The summary is plain text, so the new context may be written
 * in another provider's format: this is how a task switches provider.
 */
final class LocalCompaction {
  static final int RECENT_USER_TOKENS = 20_000;
  static final String BRIDGE_MARKER = "<handoff_summary>";

  private final String summaryPrompt = Prompts.load("compact.md");
  private final String bridge = Prompts.load("bridge.md");

  /**
   * The compacted context, and the usage of the summary call.
   *
   * @param client the task's provider, which writes the summary
   * @param into the format of the new context: the task's own, or the one it switches to
   * @param request the task's own request for its context, tools included although the summary
   *     calls none, so this call shares the turn's cached prefix; the summary prompt goes last
   */
  ModelResponse compact(
      ModelProvider client, ItemFormat into, ModelRequest request, List<Item> context, CallHooks hooks)
      throws ModelException {
    ModelResponse response =
        client.create(request.withAppended(List.of(client.items().userMessage(summaryPrompt))), hooks);
    String summary = summaryText(client.items(), response);
    List<String> compacted = new ArrayList<>();
    for (Item kept : recentUserMessages(context)) compacted.add(reencoded(kept, into));
    compacted.add(into.userMessage(bridge + "\n" + BRIDGE_MARKER + "\n" + summary + "\n</handoff_summary>"));
    return new ModelResponse(compacted, response.usage(), null);
  }

  /** A kept message, byte for byte when it is in the new context's format already. */
  private static String reencoded(Item message, ItemFormat into) {
    if (ItemFactory.format(message) == into) return message.raw();
    return into.userMessage(ItemFactory.format(message).text(Items.parse(message.raw())));
  }

  private static String summaryText(ItemFormat format, ModelResponse response) throws ModelException {
    StringBuilder text = new StringBuilder();
    for (String raw : response.items()) {
      JsonNode item = Items.parse(raw);
      if (format.kind(item).equals(ItemKind.ASSISTANT_MESSAGE)) text.append(format.assistantText(item));
    }
    if (text.toString().isBlank()) {
      throw new ModelException(ModelException.Kind.MALFORMED, "the model wrote an empty handoff summary", null);
    }
    return text.toString();
  }

  /**
   * The user's own messages, newest last, as many as fit in {@link #RECENT_USER_TOKENS}. Earlier
   * handoff summaries and notes are left out: the new summary supersedes them.
   */
  static List<Item> recentUserMessages(List<Item> context) {
    Deque<Item> kept = new ArrayDeque<>();
    long tokens = 0;
    for (int i = context.size() - 1; i >= 0; i--) {
      Item item = context.get(i);
      if (!item.kind().equals(ItemKind.USER_MESSAGE)) continue;
      // Raw JSON escapes quotes, so match the markers' quote-free opening.
      if (item.raw().contains(BRIDGE_MARKER) || item.raw().contains(Notes.OPENING)) continue;
      if (tokens + item.tokens() > RECENT_USER_TOKENS) break;
      tokens += item.tokens();
      kept.addFirst(item);
    }
    return new ArrayList<>(kept);
  }
}
