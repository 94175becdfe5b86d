package dev.longhaul.activities;

import java.util.Map;

/**
 * How large a task's context may grow.
 *
 * @param window the model's context window, in tokens
 * @param autoCompact the estimate at which the task compacts before its next model call
 */
public record ContextLimits(long window, long autoCompact) {
  public static final long DEFAULT_WINDOW = 272_000;

  public ContextLimits {
    if (window <= 0 || autoCompact <= 0 || autoCompact > window) {
      throw new IllegalArgumentException(
          "the auto-compact limit (" + autoCompact + ") must be positive and within the context window (" + window + ")");
    }
  }

  /** {@code LONGHAUL_CONTEXT_WINDOW} (default 272,000) and {@code LONGHAUL_AUTO_COMPACT_TOKENS} (default 90% of it). */
  public static ContextLimits fromEnvironment(Map<String, String> env) {
    long window = parse(env, "LONGHAUL_CONTEXT_WINDOW", DEFAULT_WINDOW);
    return new ContextLimits(window, parse(env, "LONGHAUL_AUTO_COMPACT_TOKENS", window * 9 / 10));
  }

  public static ContextLimits of(long window) {
    return new ContextLimits(window, window * 9 / 10);
  }

  private static long parse(Map<String, String> env, String name, long fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) return fallback;
    try {
      return Long.parseLong(value.strip().replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number of tokens, not \"" + value + "\"");
    }
  }
}
