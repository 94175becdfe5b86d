package dev.longhaul.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.store.ItemKind;
import java.util.Optional;

/**
 * How one provider's items look. Items are stored in the provider's own JSON, tagged with the
 * provider; everything outside the provider's package reads and writes them only through this, so
 * the workflow, the store and the CLI stay provider-neutral.
 */
public interface ItemFormat {
  /** A function call the model asked for. {@code arguments} is JSON text. */
  record ToolCall(String callId, String name, String arguments) {}

  /** A tool's output, as a tool-output item holds it. */
  record ToolResult(String callId, String output) {}

  /** A message from the user (a prompt, a follow-up, a handoff summary). */
  String userMessage(String text);

  /** A note from Longhaul itself; a provider without a developer role sends it as the user's. */
  String developerMessage(String text);

  /** The output of the tool call {@code callId}. */
  String toolOutput(String callId, String output);

  /** The neutral kind of one of this provider's items (the constants of {@link ItemKind}). */
  ItemKind kind(JsonNode item);

  /** The text an assistant item shows a person; empty for items without text. */
  String assistantText(JsonNode item);

  /** The call in a function-call item; empty for other items. */
  Optional<ToolCall> toolCall(JsonNode item);

  /** The output in a tool-output item; empty for other items. */
  Optional<ToolResult> toolResult(JsonNode item);

  /**
   * The text a person reads in any item: a message's, whatever its role, or a reasoning item's
   * summary where the provider sends one; empty for items without text.
   */
  String text(JsonNode item);
}
