package dev.longhaul.model.anthropic;

import java.util.Map;

/**
 * Settings of Anthropic requests beyond the model and the key.
 *
 * @param maxTokens the request's {@code max_tokens}: Anthropic requires it, and it caps thinking
 *     and the answer together
 * @param thinking {@code null} to leave {@code thinking} out (the model's own default: current
 *     models think adaptively, some always), {@code "adaptive"}, or a budget in tokens for models
 *     that take {@code {"type":"enabled","budget_tokens":N}}
 */
public record AnthropicOptions(int maxTokens, String thinking) {
  public static final int DEFAULT_MAX_TOKENS = 32_000;
  /** Anthropic's smallest thinking budget. */
  static final int MIN_THINKING_BUDGET = 1_024;

  public AnthropicOptions {
    if (maxTokens < 1) throw new IllegalArgumentException("max_tokens must be positive, not " + maxTokens);
    if (thinking != null && !thinking.equals("adaptive")) {
      int budget = budget(thinking);
      if (budget >= maxTokens) {
        throw new IllegalArgumentException(
            "the thinking budget " + budget + " must be below max_tokens " + maxTokens);
      }
    }
  }

  public static AnthropicOptions defaults() {
    return new AnthropicOptions(DEFAULT_MAX_TOKENS, null);
  }

  /**
   * From {@code LONGHAUL_ANTHROPIC_MAX_TOKENS} and {@code LONGHAUL_ANTHROPIC_THINKING} ({@code off},
   * {@code adaptive} or a budget of at least 1024 tokens); a bad value is a one-line error naming
   * the variable.
   */
  public static AnthropicOptions fromEnvironment(Map<String, String> env) {
    String max = env.get("LONGHAUL_ANTHROPIC_MAX_TOKENS");
    String thinking = env.get("LONGHAUL_ANTHROPIC_THINKING");
    int maxTokens = DEFAULT_MAX_TOKENS;
    if (max != null && !max.isBlank()) {
      try {
        maxTokens = Integer.parseInt(max.strip());
      } catch (NumberFormatException e) {
        maxTokens = 0;
      }
      if (maxTokens < 1) {
        throw new IllegalArgumentException(
            "LONGHAUL_ANTHROPIC_MAX_TOKENS must be a positive number of tokens, not \"" + max + "\"");
      }
    }
    String spec = thinking == null || thinking.isBlank() || thinking.strip().equals("off") ? null : thinking.strip();
    try {
      return new AnthropicOptions(maxTokens, spec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("LONGHAUL_ANTHROPIC_THINKING: " + e.getMessage(), e);
    }
  }

  /** The thinking budget in tokens; only for a numeric {@link #thinking}. */
  static int budget(String thinking) {
    int budget;
    try {
      budget = Integer.parseInt(thinking.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "thinking must be off, adaptive or a budget in tokens, not \"" + thinking + "\"");
    }
    if (budget < MIN_THINKING_BUDGET) {
      throw new IllegalArgumentException(
          "a thinking budget must be at least " + MIN_THINKING_BUDGET + " tokens, not " + budget);
    }
    return budget;
  }
}
