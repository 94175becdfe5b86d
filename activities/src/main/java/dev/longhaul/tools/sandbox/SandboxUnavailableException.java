package dev.longhaul.tools.sandbox;

/**
 * A confined command was asked for on a worker where bubblewrap does not work. Not a tool output
 * for the model: the tool activity turns it into {@code FailureType.SANDBOX_UNAVAILABLE}, so the
 * task fails instead of running unconfined.
 */
public final class SandboxUnavailableException extends RuntimeException {
  public SandboxUnavailableException(String problem) {
    super(problem);
  }
}
