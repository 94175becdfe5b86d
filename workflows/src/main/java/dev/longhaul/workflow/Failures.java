package dev.longhaul.workflow;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;

/** Reads the failures activities report; the types themselves are in {@code FailureType}. */
final class Failures {
  private Failures() {}

  /** Whether the step failed because it was cancelled (an interrupt), not on its own. */
  static boolean isCancellation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) return true;
    }
    return false;
  }

  /** The innermost failure's message: the one a person can act on. */
  static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) root = root.getCause();
    String message = root instanceof ApplicationFailure a ? a.getOriginalMessage() : root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }
}
