package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;

/**
 * Limits on what a task may spend; each null means no limit. Reaching one stops the turn at the
 * next step boundary, as needing attention; a follow-up that raises it lets the task go on.
 *
 * @param maxCostUsd the most the task's model calls may cost, estimated from the price table
 * @param maxTokens the most billed tokens (input plus output) over all the task's model calls
 * @param maxDuration the most wall time from the task's start
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Budget(Double maxCostUsd, Long maxTokens, Duration maxDuration) {
  public static Budget unlimited() {
    return new Budget(null, null, null);
  }

  public boolean isUnlimited() {
    return maxCostUsd == null && maxTokens == null && maxDuration == null;
  }

  /** This budget with every limit {@code raise} sets replaced by that one. */
  public Budget raisedBy(Budget raise) {
    if (raise == null) return this;
    return new Budget(
        raise.maxCostUsd != null ? raise.maxCostUsd : maxCostUsd,
        raise.maxTokens != null ? raise.maxTokens : maxTokens,
        raise.maxDuration != null ? raise.maxDuration : maxDuration);
  }
}
