package dev.longhaul.git;

/** A git command failed; the message is one line (git's last error line, or what went wrong). */
public final class GitException extends RuntimeException {
  public GitException(String message) {
    super(message);
  }
}
