package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A follow-up user message: starts the next turn.
 *
 * @param model the model to use from this turn on; null to keep the current one
 * @param budget limits raised from this turn on (each one set replaces the task's); null for none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TurnRequest(String message, String model, Budget budget) {
  public TurnRequest(String message) {
    this(message, null, null);
  }

  public TurnRequest(String message, String model) {
    this(message, model, null);
  }
}
