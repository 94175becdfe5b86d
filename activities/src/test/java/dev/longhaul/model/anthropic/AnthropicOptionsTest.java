package dev.longhaul.model.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AnthropicOptionsTest {
  @Test
  void nothingSet_meansTheDefaultMaxTokensAndTheModelsOwnThinking() {
    assertThat(AnthropicOptions.fromEnvironment(Map.of())).isEqualTo(AnthropicOptions.defaults());
    assertThat(AnthropicOptions.fromEnvironment(Map.of("LONGHAUL_ANTHROPIC_THINKING", "off")).thinking()).isNull();
  }

  @Test
  void adaptiveOrABudget_areTaken() {
    assertThat(AnthropicOptions.fromEnvironment(Map.of("LONGHAUL_ANTHROPIC_THINKING", "adaptive")).thinking())
        .isEqualTo("adaptive");
    AnthropicOptions budget = AnthropicOptions.fromEnvironment(
        Map.of("LONGHAUL_ANTHROPIC_THINKING", "10000", "LONGHAUL_ANTHROPIC_MAX_TOKENS", "20000"));
    assertThat(budget).isEqualTo(new AnthropicOptions(20_000, "10000"));
  }

  @Test
  void aMaxTokensThatIsNotAPositiveNumber_isAOneLineErrorNamingTheVariable() {
    assertThatThrownBy(() -> AnthropicOptions.fromEnvironment(Map.of("LONGHAUL_ANTHROPIC_MAX_TOKENS", "lots")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LONGHAUL_ANTHROPIC_MAX_TOKENS must be a positive number of tokens, not \"lots\"");
  }

  @Test
  void aThinkingSettingThatIsNeitherOffAdaptiveNorABudget_isRefused() {
    assertThatThrownBy(() -> AnthropicOptions.fromEnvironment(Map.of("LONGHAUL_ANTHROPIC_THINKING", "lots")))
        .hasMessageStartingWith("LONGHAUL_ANTHROPIC_THINKING: thinking must be off, adaptive or a budget");
  }

  @Test
  void aBudgetBelowAnthropicsMinimumOrNotBelowMaxTokens_isRefused() {
    assertThatThrownBy(() -> AnthropicOptions.fromEnvironment(Map.of("LONGHAUL_ANTHROPIC_THINKING", "500")))
        .hasMessageContaining("at least 1024");
    assertThatThrownBy(() -> AnthropicOptions.fromEnvironment(Map.of("LONGHAUL_ANTHROPIC_THINKING", "40000")))
        .hasMessageContaining("must be below max_tokens 32000");
  }
}
