package dev.longhaul.workflow;

/**
 * A follow-up user message: starts the next turn.
 *
 * @param model the model to use from this turn on; null to keep the current one
 */
public record TurnRequest(String message, String model) {
  public TurnRequest(String message) {
    this(message, null);
  }
}
