package dev.longhaul.cli;

import dev.longhaul.workflow.Budget;
import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --max-cost}, {@code --max-tokens} and {@code --max-duration}: a task's limits on {@code
 * run}, raised ones on {@code send}. Reaching one stops the turn, as needing attention. Taken as
 * text and checked here, so that each bad value gets one line saying what is expected.
 */
final class BudgetOptions {
  @Option(names = "--max-cost", paramLabel = "USD",
      description = "The most the task may cost, in US dollars as estimated from the price table (e.g. 5 or 2.50).")
  String maxCost;

  @Option(names = "--max-tokens", paramLabel = "N",
      description = "The most tokens the task may be billed, input plus output.")
  String maxTokens;

  @Option(names = "--max-duration", paramLabel = "DURATION",
      description = "The longest the task may run from its start: 45s, 90m, 2h, 1d, or ISO-8601 such as PT2H.")
  String maxDuration;

  /** The limits given, or null when none was; fails with one line for a bad value. */
  Budget budget() {
    Budget budget = new Budget(
        maxCost == null ? null : cost(maxCost),
        maxTokens == null ? null : tokens(maxTokens),
        maxDuration == null ? null : duration(maxDuration));
    return budget.isUnlimited() ? null : budget;
  }

  static double cost(String text) {
    try {
      BigDecimal usd = new BigDecimal(text.strip().replaceFirst("^\\$", ""));
      if (usd.signum() > 0) return usd.doubleValue();
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new CliException("--max-cost must be a positive amount of US dollars, like 5 or 2.50, not \"" + text + "\"");
  }

  static long tokens(String text) {
    try {
      long n = Long.parseLong(text.strip().replace("_", ""));
      if (n > 0) return n;
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new CliException("--max-tokens must be a positive whole number, not \"" + text + "\"");
  }

  static Duration duration(String text) {
    return Durations.parse(text)
        .filter(d -> !d.isNegative() && !d.isZero())
        .orElseThrow(() -> new CliException(
            "--max-duration must be a positive duration like 45s, 90m, 2h, 1d or PT2H, not \"" + text + "\""));
  }
}
