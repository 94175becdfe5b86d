package dev.longhaul.tools.patch;

/** A patch that cannot be read or does not fit the files it edits; the message is for the model. */
public class PatchException extends Exception {
  public PatchException(String message) {
    super(message);
  }

  /** A problem in the patch text itself, located by its 1-based line number in the input. */
  static PatchException atLine(int line, String message) {
    return new PatchException("patch line " + line + ": " + message);
  }
}
