package dev.longhaul.activity;

/**
 * Store a message at {@code seq}. Only called at points where the workflow has no activity
 * writing past {@code seq}, so the store may drop anything a cancelled step left beyond it.
 */
public record AppendMessage(String taskId, int turn, long seq, Role role, String text) {
  public enum Role {
    user,
    developer
  }
}
