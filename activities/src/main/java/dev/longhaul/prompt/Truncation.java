package dev.longhaul.prompt;

import com.knuddels.jtokkit.api.IntArrayList;

/** Fits tool outputs into a token budget. */
public final class Truncation {
  /** The default budget of one tool output, in tokens. */
  public static final int DEFAULT_BUDGET = 10_000;

  /**
   * A token is rarely longer than this many characters; text is cut to this many characters per
   * token of budget before it is tokenized, so a 50 MB output costs no more than a short one.
   */
  private static final int MAX_CHARS_PER_TOKEN = 16;

  private final TokenCounter counter;

  public Truncation(TokenCounter counter) {
    this.counter = counter;
  }

  /**
   * Returns {@code text} unchanged when it fits in {@code budget} tokens. Otherwise keeps its head
   * and its tail, half the budget each, and puts a marker between them that says how many tokens
   * were cut: the start of an output says what ran, the end how it finished.
   */
  public String keepHeadAndTail(String text, int budget) {
    if (budget <= 0) throw new IllegalArgumentException("budget must be positive");
    int charCap = budget * MAX_CHARS_PER_TOKEN;
    long omittedChars = 0;
    if (text.length() > 2L * charCap) {
      omittedChars = text.length() - 2L * charCap;
      text = text.substring(0, charCap) + text.substring(text.length() - charCap);
    }
    IntArrayList tokens = counter.encode(text);
    if (tokens.size() <= budget && omittedChars == 0) return text;
    int half = budget / 2;
    if (tokens.size() <= budget) half = tokens.size() / 2; // only the pre-cut applied
    IntArrayList head = slice(tokens, 0, half);
    IntArrayList tail = slice(tokens, tokens.size() - half, tokens.size());
    long cutTokens = tokens.size() - 2L * half;
    String marker =
        omittedChars == 0
            ? "\n[… " + cutTokens + " tokens truncated …]\n"
            : "\n[… " + cutTokens + " tokens and " + omittedChars + " more characters truncated …]\n";
    return counter.decode(head) + marker + counter.decode(tail);
  }

  private static IntArrayList slice(IntArrayList tokens, int from, int to) {
    IntArrayList out = new IntArrayList(Math.max(0, to - from));
    for (int i = from; i < to; i++) out.add(tokens.get(i));
    return out;
  }
}
