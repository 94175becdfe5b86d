package dev.longhaul.activities;

import dev.longhaul.contract.AttemptInspection;
import dev.longhaul.contract.ReviewAttempts.ReviewedAttempt;
import java.util.List;
import java.util.function.Function;

/** The user message a best-of-N reviewer reads: the task, then each attempt. Plain text, no I/O. */
final class ReviewMessage {
  /** All diffs together are cut to about this many characters, shared equally. */
  static final int DIFFS_CHARS = 120_000;
  /** No attempt's diff is cut below this, however many attempts there are. */
  static final int MIN_DIFF_CHARS = 12_000;
  /** A final message longer than this is cut; its end is kept, where the summary usually is. */
  static final int ANSWER_CHARS = 8_000;

  private ReviewMessage() {}

  /**
   * @param answer an attempt's final message
   * @param diff an attempt's diff; each is cut to its share, and the cut is stated
   */
  static String of(String prompt, String check, List<ReviewedAttempt> attempts,
      Function<ReviewedAttempt, String> answer, Function<ReviewedAttempt, String> diff) {
    int cap = Math.max(MIN_DIFF_CHARS, DIFFS_CHARS / Math.max(1, attempts.size()));
    StringBuilder m = new StringBuilder("# The task\n\n").append(prompt).append("\n\n");
    m.append("# The attempts (").append(attempts.size()).append(")\n");
    for (ReviewedAttempt a : attempts) {
      m.append("\n## Attempt ").append(a.attempt()).append("\n\n");
      m.append("Ended: ").append(a.outcome()).append('\n');
      AttemptInspection inspection = a.inspection();
      if (check != null && inspection != null && inspection.checkExit() != null) {
        m.append("Check `").append(check).append("`: ")
            .append(inspection.checkPassed() ? "passed (exit 0)" : "FAILED (exit " + inspection.checkExit() + ")")
            .append("\nEnd of its output:\n```\n").append(inspection.checkTail()).append("\n```\n");
      }
      String text = answer.apply(a);
      if (text.length() > ANSWER_CHARS) text = "…" + text.substring(text.length() - ANSWER_CHARS);
      m.append("\nIts final message:\n\n").append(text).append('\n');
      String patch = diff.apply(a);
      m.append("\nIts diff");
      if (patch.isEmpty()) {
        m.append(": (no changes)\n");
        continue;
      }
      boolean cut = patch.length() > cap;
      m.append(cut ? " (cut at " + cap + " of " + patch.length() + " characters)" : "").append(":\n```diff\n")
          .append(cut ? patch.substring(0, cap) : patch).append("\n```\n");
    }
    return m.toString();
  }
}
