package dev.longhaul.tools;

/** A tool call that cannot be carried out; its message is returned to the model as the output. */
public class ToolException extends Exception {
  public ToolException(String message) {
    super(message);
  }

  public ToolException(String message, Throwable cause) {
    super(message, cause);
  }
}
