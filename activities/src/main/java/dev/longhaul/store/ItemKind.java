package dev.longhaul.store;

/**
 * What a stored item is, as the store's {@code kind} column names it: the item's {@code type},
 * and for a message its role too ({@code message:user}). Providers add types of their own, so a
 * kind is any such label, with constants for those Longhaul acts on.
 */
public record ItemKind(String label) {
  public static final ItemKind USER_MESSAGE = message("user");
  public static final ItemKind DEVELOPER_MESSAGE = message("developer");
  public static final ItemKind ASSISTANT_MESSAGE = message("assistant");
  public static final ItemKind REASONING = new ItemKind("reasoning");
  public static final ItemKind FUNCTION_CALL = new ItemKind("function_call");
  public static final ItemKind FUNCTION_CALL_OUTPUT = new ItemKind("function_call_output");
  public static final ItemKind COMPACTION = new ItemKind("compaction");

  public static ItemKind message(String role) {
    return new ItemKind("message:" + role);
  }

  @Override
  public String toString() {
    return label;
  }
}
