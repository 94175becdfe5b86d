package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A follow-up user message: starts the next turn.
 *
 * @param model the model to use from this turn on; null to keep the current one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TurnRequest(String message, String model) {
  public TurnRequest(String message) {
    this(message, null);
  }
}
