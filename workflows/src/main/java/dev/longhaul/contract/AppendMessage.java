package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Store a message at {@code seq}. Only called at points where the workflow has no activity
 * writing past {@code seq}, so the store may drop anything a cancelled step left beyond it.
 *
 * @param provider the task's provider, whose format the message is written in; null for OpenAI
 *     Responses (before providers)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AppendMessage(
    String taskId, int turn, long seq, Role role, String text, String provider) {
  /** A message of a task from before providers: an OpenAI Responses item. */
  public AppendMessage(String taskId, int turn, long seq, Role role, String text) {
    this(taskId, turn, seq, role, text, null);
  }

  public enum Role {
    user,
    developer
  }
}
