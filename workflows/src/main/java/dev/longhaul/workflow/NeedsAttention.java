package dev.longhaul.workflow;

/** Stops a turn that cannot go on by itself; the task waits, idle, for a person. */
final class NeedsAttention extends RuntimeException {
  NeedsAttention(String message) {
    super(message);
  }
}
