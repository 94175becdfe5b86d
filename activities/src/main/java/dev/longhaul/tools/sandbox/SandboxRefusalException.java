package dev.longhaul.tools.sandbox;

import dev.longhaul.tools.ToolException;

/**
 * A call the task's sandbox does not allow, refused by its tool before it did anything (apply_patch
 * under read-only). The model is told, as for any failed call; the worker also counts it as a
 * sandbox denial.
 */
public final class SandboxRefusalException extends ToolException {
  public SandboxRefusalException(String message) {
    super(message);
  }
}
