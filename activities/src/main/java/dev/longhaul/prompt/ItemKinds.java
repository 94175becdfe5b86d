package dev.longhaul.prompt;

import com.fasterxml.jackson.databind.JsonNode;

/** The kinds of stored items, as the store's {@code kind} column names them. */
public final class ItemKinds {
  private ItemKinds() {}

  public static final String REASONING = "reasoning";
  public static final String FUNCTION_CALL = "function_call";
  public static final String FUNCTION_CALL_OUTPUT = "function_call_output";
  public static final String COMPACTION = "compaction";

  /** {@code message:user}, {@code message:assistant}, … for messages; the item type otherwise. */
  public static String of(JsonNode item) {
    String type = item.path("type").asText("unknown");
    if (type.equals("message")) return "message:" + item.path("role").asText("unknown");
    return type;
  }
}
