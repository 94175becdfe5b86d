package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A follow-up user message: starts the next turn.
 *
 * @param model the model to use from this turn on; null to keep the current one
 * @param budget limits raised from this turn on (each one set replaces the task's); null for none
 * @param provider the provider to continue with from this turn on, after a compaction that hands
 *     the context over; null (or the current one) to keep it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TurnRequest(String message, String model, Budget budget, String provider) {
  public TurnRequest(String message, String model, Budget budget) {
    this(message, model, budget, null);
  }

  public TurnRequest(String message) {
    this(message, null, null);
  }

  public TurnRequest(String message, String model) {
    this(message, model, null);
  }
}
