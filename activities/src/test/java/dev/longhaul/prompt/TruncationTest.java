package dev.longhaul.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TruncationTest {
  private static final Pattern TOKENS_CUT =
      Pattern.compile("\n\\[… (\\d+) tokens truncated …]\n");
  private static final Pattern TOKENS_AND_CHARS_CUT =
      Pattern.compile("\n\\[… (\\d+) tokens and (\\d+) more characters truncated …]\n");

  private final TokenCounter counter = new TokenCounter();
  private final Truncation truncation = new Truncation(counter);

  /** Numbered lines, so that a kept head or tail shows where in the text it came from. */
  private static String lines(int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= count; i++) text.append("line ").append(i).append('\n');
    return text.toString();
  }

  @Test
  void textWithinTheBudget_isReturnedUnchanged() {
    String text = "Exit code: 0\nBUILD SUCCESS\n";

    assertThat(truncation.keepHeadAndTail(text, 1_000)).isEqualTo(text);
  }

  @Test
  void textOfExactlyTheBudget_isUnchanged_andOneTokenLessCutsIt() {
    String text = lines(50);
    int tokens = counter.count(text);

    assertThat(truncation.keepHeadAndTail(text, tokens)).isEqualTo(text);
    assertThat(truncation.keepHeadAndTail(text, tokens - 1)).isNotEqualTo(text).contains("…");
  }

  @Test
  void textOverTheBudget_keepsItsBeginningAndEnd_andSaysHowManyTokensWereCut() {
    // Long enough to be cut, short enough to be tokenized whole (no characters dropped unread).
    String text = lines(300);
    int budget = 200;

    String result = truncation.keepHeadAndTail(text, budget);

    Matcher marker = TOKENS_CUT.matcher(result);
    assertThat(marker.find()).as("marker in %s", result).isTrue();
    String head = result.substring(0, marker.start());
    String tail = result.substring(marker.end());
    assertThat(head).startsWith("line 1\nline 2\n");
    assertThat(text).startsWith(head);
    assertThat(tail).endsWith("line 299\nline 300\n");
    assertThat(text).endsWith(tail);
    // Half the budget at each end: what is cut is all the rest.
    assertThat(Long.parseLong(marker.group(1))).isEqualTo(counter.count(text) - budget);
    assertThat(counter.count(head) + counter.count(tail)).isLessThanOrEqualTo(budget);
  }

  @Test
  void hugeText_isCutWithoutTokenizingItAll_andTheMarkerCountsTheCharactersLeftOut() {
    String filler = "lorem ipsum dolor sit amet 12345\n";
    String text = "BEGIN\n" + filler.repeat(20_000_000 / filler.length()) + "END\n";
    int budget = 1_000;

    String result = truncation.keepHeadAndTail(text, budget);

    Matcher marker = TOKENS_AND_CHARS_CUT.matcher(result);
    assertThat(marker.find()).as("marker in %s", result.substring(0, 200)).isTrue();
    String head = result.substring(0, marker.start());
    String tail = result.substring(marker.end());
    assertThat(head).startsWith("BEGIN\nlorem ipsum");
    assertThat(tail).endsWith("12345\nEND\n");
    assertThat(counter.count(head) + counter.count(tail)).isLessThanOrEqualTo(budget);
    long omittedChars = Long.parseLong(marker.group(2));
    // The characters said to be left out, with those kept, cannot exceed the text, and they are
    // nearly all of it: only a few budgets' worth of characters is ever tokenized.
    assertThat(omittedChars + head.length() + tail.length()).isLessThanOrEqualTo(text.length());
    assertThat(omittedChars).isGreaterThan(text.length() - 1_000_000L);
    assertThat(result.length()).isLessThan(100_000);
  }

  @Test
  void budgetOfZeroOrLess_isRejected() {
    assertThatThrownBy(() -> truncation.keepHeadAndTail("text", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> truncation.keepHeadAndTail("text", -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
