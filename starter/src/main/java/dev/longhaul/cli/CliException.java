package dev.longhaul.cli;

/** An error the user can act on: printed as one line, and the command exits non-zero. */
public class CliException extends RuntimeException {
  public CliException(String message) {
    super(message);
  }
}
