package dev.longhaul.store;

/** A write refused because a later workflow run of the task owns those sequence numbers. */
public class SupersededException extends RuntimeException {
  public SupersededException(String message) {
    super(message);
  }
}
