package dev.longhaul.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type and read them: {@code 45s}, {@code 90m}, {@code 2h}, {@code 1d}. */
final class Durations {
  private static final Pattern SHORT = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  private Durations() {}

  /**
   * {@code 45s}, {@code 90m}, {@code 2h}, {@code 1d}, a combination such as {@code 1h30m}, or
   * ISO-8601 ({@code PT2H}); empty when {@code text} is none of these.
   */
  static Optional<Duration> parse(String text) {
    String t = text.strip();
    Matcher m = SHORT.matcher(t);
    if (!t.isEmpty() && m.matches()) {
      try {
        return Optional.of(Duration.ofDays(number(m.group(1))).plusHours(number(m.group(2)))
            .plusMinutes(number(m.group(3))).plusSeconds(number(m.group(4))));
      } catch (ArithmeticException | NumberFormatException tooLong) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(Duration.parse(t));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }

  /** In the largest unit that divides it exactly: {@code 2h}, {@code 90m}, {@code 1d}, {@code 45s}. */
  static String format(Duration d) {
    long seconds = d.getSeconds();
    if (seconds > 0 && seconds % 86_400 == 0) return seconds / 86_400 + "d";
    if (seconds > 0 && seconds % 3_600 == 0) return seconds / 3_600 + "h";
    if (seconds > 0 && seconds % 60 == 0) return seconds / 60 + "m";
    return seconds + "s";
  }

  /** How long ago, roughly, in one unit: {@code just now}, {@code 45s ago}, {@code 3m ago}, {@code 2d ago}. */
  static String ago(long sinceMillis, long nowMillis) {
    long seconds = Math.max(0, (nowMillis - sinceMillis) / 1000);
    if (seconds < 1) return "just now";
    if (seconds < 60) return seconds + "s ago";
    if (seconds < 3_600) return seconds / 60 + "m ago";
    if (seconds < 86_400) return seconds / 3_600 + "h ago";
    return seconds / 86_400 + "d ago";
  }
}
