package dev.longhaul.workflow;

/** Short one-line labels for history, the Temporal UI and the store. */
final class Text {
  private Text() {}

  /** {@code text} on one line, cut to {@code max} characters with an ellipsis; null stays null. */
  static String clip(String text, int max) {
    if (text == null) return null;
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
  }
}
