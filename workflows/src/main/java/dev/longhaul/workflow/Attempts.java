package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What the {@code attempts} query answers: a best-of-N task's attempts and its review.
 *
 * @param phase where it is ({@link Phase})
 * @param picked the attempt picked; null before
 * @param reviewer {@code model} or {@code person}; null before the pick
 * @param reasons why it was picked; null before
 * @param error why no attempt could be picked; null otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Attempts(
    Phase phase, List<AttemptView> attempts, Integer picked, String reviewer, String reasons, String error) {

  public enum Phase { running, checking, reviewing, awaiting_pick, applying, picked, interrupted, failed }

  /**
   * One attempt.
   *
   * @param outcome {@code running}, {@code finished}, {@code needs attention: …}, {@code failed:
   *     …}, {@code timed out}, {@code interrupted}
   * @param inspection its diff and check result; null before the review
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AttemptView(
      int attempt, String taskId, String workspace, String base, String outcome,
      dev.longhaul.contract.AttemptInspection inspection) {

    /** Whether it can be picked: it ended its turn by itself. */
    public boolean pickable() {
      return outcome.equals(FINISHED) || outcome.startsWith(NEEDS_ATTENTION);
    }

    AttemptView withOutcome(String outcome) {
      return new AttemptView(attempt, taskId, workspace, base, outcome, inspection);
    }

    AttemptView withInspection(dev.longhaul.contract.AttemptInspection inspection) {
      return new AttemptView(attempt, taskId, workspace, base, outcome, inspection);
    }
  }

  public static final String RUNNING = "running";
  public static final String FINISHED = "finished";
  public static final String NEEDS_ATTENTION = "needs attention";
  public static final String TIMED_OUT = "timed out";
  public static final String INTERRUPTED = "interrupted";
}
