package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.util.Optional;

/**
 * Best of N: the task's first turn runs as {@code attempts} child tasks in copies of the workspace,
 * then a reviewer (the model, or a person with {@code longhaul pick}) picks one, whose changes the
 * task takes over.
 *
 * @param check a command run in each attempt's workspace before the review; null for none
 * @param humanReview wait for a person's pick instead of asking the model
 * @param attemptTimeout how long the review waits for an attempt; null for {@link #DEFAULT_TIMEOUT}
 * @param outcome what happened so far, carried across continue-as-new; null before it started
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BestOf(int attempts, String check, boolean humanReview, Duration attemptTimeout, Attempts outcome) {
  public static final int MIN_ATTEMPTS = 2;
  public static final int MAX_ATTEMPTS = 8;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);

  public static BestOf of(int attempts, String check, boolean humanReview, Duration attemptTimeout) {
    return new BestOf(attempts, check, humanReview, attemptTimeout, null);
  }

  /** Why these options cannot run, in one line; empty when they can. */
  public Optional<String> refusal() {
    if (attempts < MIN_ATTEMPTS || attempts > MAX_ATTEMPTS) {
      return Optional.of("--attempts must be between " + MIN_ATTEMPTS + " and " + MAX_ATTEMPTS + ", not " + attempts);
    }
    if (attemptTimeout != null && (attemptTimeout.isNegative() || attemptTimeout.isZero())) {
      return Optional.of("--attempt-timeout must be positive");
    }
    if (check != null && check.isBlank()) return Optional.of("--check needs a command");
    return Optional.empty();
  }

  Duration timeout() {
    return attemptTimeout == null ? DEFAULT_TIMEOUT : attemptTimeout;
  }

  BestOf withOutcome(Attempts outcome) {
    return new BestOf(attempts, check, humanReview, attemptTimeout, outcome);
  }

  /** The id of attempt {@code n} of task {@code taskId}. */
  public static String attemptId(String taskId, int n) {
    return taskId + "." + n;
  }
}
