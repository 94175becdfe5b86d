package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Store a message at {@code seq}. Only called at points where the workflow has no activity
 * writing past {@code seq}, so the store may drop anything a cancelled step left beyond it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AppendMessage(String taskId, int turn, long seq, Role role, String text) {
  public enum Role {
    user,
    developer
  }
}
