package dev.longhaul.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextLimitsTest {
  private static final String WINDOW = "LONGHAUL_CONTEXT_WINDOW";
  private static final String AUTO = "LONGHAUL_AUTO_COMPACT_TOKENS";

  @Test
  void withoutSettings_theWindowIs272k_andCompactionStartsAt90Percent() {
    assertThat(ContextLimits.fromEnvironment(Map.of())).isEqualTo(new ContextLimits(272_000, 244_800));
    assertThat(ContextLimits.DEFAULT_WINDOW).isEqualTo(272_000);
  }

  @Test
  void aWindowSetting_movesTheDefaultLimitTo90PercentOfIt() {
    assertThat(ContextLimits.fromEnvironment(Map.of(WINDOW, "400000"))).isEqualTo(new ContextLimits(400_000, 360_000));
  }

  @Test
  void bothSettings_areTakenAsGiven() {
    assertThat(ContextLimits.fromEnvironment(Map.of(WINDOW, "128000", AUTO, "100000")))
        .isEqualTo(new ContextLimits(128_000, 100_000));
  }

  @Test
  void aLimitAloneWithinTheDefaultWindow_isTaken() {
    assertThat(ContextLimits.fromEnvironment(Map.of(AUTO, "200000"))).isEqualTo(new ContextLimits(272_000, 200_000));
  }

  @Test
  void underscoresCommasAndSurroundingSpaces_areAccepted() {
    assertThat(ContextLimits.fromEnvironment(Map.of(WINDOW, "1_000_000", AUTO, " 800,000 ")))
        .isEqualTo(new ContextLimits(1_000_000, 800_000));
  }

  @Test
  void blankSettings_fallBackToTheDefaults() {
    assertThat(ContextLimits.fromEnvironment(Map.of(WINDOW, " ", AUTO, "")))
        .isEqualTo(new ContextLimits(272_000, 244_800));
  }

  @Test
  void ofAWindow_compactsAt90Percent() {
    assertThat(ContextLimits.of(100_000)).isEqualTo(new ContextLimits(100_000, 90_000));
  }

  @Test
  void aLimitAboveTheWindow_isRejected_namingBothNumbers() {
    assertThatThrownBy(() -> ContextLimits.fromEnvironment(Map.of(AUTO, "300000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auto-compact limit (300000)")
        .hasMessageContaining("context window (272000)");
  }

  @Test
  void aLimitEqualToTheWindow_isAllowed() {
    assertThat(ContextLimits.fromEnvironment(Map.of(WINDOW, "50000", AUTO, "50000")))
        .isEqualTo(new ContextLimits(50_000, 50_000));
  }

  @Test
  void aNonNumericSetting_isRejected_namingTheVariableAndTheValue() {
    assertThatThrownBy(() -> ContextLimits.fromEnvironment(Map.of(WINDOW, "lots")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LONGHAUL_CONTEXT_WINDOW must be a whole number of tokens, not \"lots\"");
    assertThatThrownBy(() -> ContextLimits.fromEnvironment(Map.of(AUTO, "90%")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LONGHAUL_AUTO_COMPACT_TOKENS")
        .hasMessageContaining("90%");
  }

  @Test
  void zeroOrNegativeLimits_areRejected() {
    assertThatThrownBy(() -> ContextLimits.fromEnvironment(Map.of(WINDOW, "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> ContextLimits.fromEnvironment(Map.of(AUTO, "-5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> new ContextLimits(-10, -20)).isInstanceOf(IllegalArgumentException.class);
  }
}
