package dev.longhaul.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void shortFormsAndIso8601_parseToTheDurationTheyName() {
    assertThat(Durations.parse("45s")).contains(Duration.ofSeconds(45));
    assertThat(Durations.parse("90m")).contains(Duration.ofMinutes(90));
    assertThat(Durations.parse("2h")).contains(Duration.ofHours(2));
    assertThat(Durations.parse("1d")).contains(Duration.ofDays(1));
    assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(Durations.parse("PT2H")).contains(Duration.ofHours(2));
    assertThat(Durations.parse("P1DT12H")).contains(Duration.ofHours(36));
  }

  @Test
  void anythingElse_parsesToNothing() {
    assertThat(Durations.parse("")).isEmpty();
    assertThat(Durations.parse("2 h")).isEmpty();
    assertThat(Durations.parse("h")).isEmpty();
    assertThat(Durations.parse("30m1h")).isEmpty();
    assertThat(Durations.parse("99999999999999999999d")).isEmpty();
  }

  @Test
  void aDuration_isWrittenInTheLargestUnitThatDividesIt() {
    assertThat(Durations.format(Duration.ofDays(1))).isEqualTo("1d");
    assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(Durations.format(Duration.ofSeconds(45))).isEqualTo("45s");
  }

  @Test
  void anAge_isToldInOneRoundedDownUnit() {
    long now = 1_000_000_000L;
    assertThat(Durations.ago(now, now)).isEqualTo("just now");
    assertThat(Durations.ago(now - 45_000, now)).isEqualTo("45s ago");
    assertThat(Durations.ago(now - 3 * 60_000 - 59_000, now)).isEqualTo("3m ago");
    assertThat(Durations.ago(now - 2 * 3_600_000, now)).isEqualTo("2h ago");
    assertThat(Durations.ago(now - 3 * 86_400_000L, now)).isEqualTo("3d ago");
    assertThat(Durations.ago(now + 5_000, now)).as("a clock a little ahead").isEqualTo("just now");
  }
}
