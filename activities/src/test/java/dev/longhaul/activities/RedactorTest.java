package dev.longhaul.activities;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {
  @Test
  void theReadReplicasUrlAndPassword_areMaskedLikeThePrimarys() {
    Redactor redactor = Redactor.fromEnvironment(Map.of(
        "LONGHAUL_DATABASE_URL", "jdbc:postgresql://primary/db?user=u&password=primary-secret",
        "LONGHAUL_DATABASE_READ_URL", "jdbc:postgresql://replica/db?user=u&password=replica-secret"));

    String masked = redactor.redact("env: password=replica-secret and primary-secret");

    assertThat(masked).doesNotContain("replica-secret").doesNotContain("primary-secret");
  }
}
