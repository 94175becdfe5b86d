package dev.longhaul.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.contract.CommandInfo;

/**
 * One tool the model can call. Implementations are stateless; everything a call needs comes in
 * through its arguments and the {@link ToolContext}.
 */
public interface Tool {
  /** The name the model calls the tool by. */
  String name();

  /** What the model reads to decide when to use the tool. */
  String description();

  /** JSON schema of the arguments object. Part of every request's stable prefix. */
  JsonNode parameters();

  /** Whether the tool only reads. Read-only calls of one response may run in parallel. */
  boolean readOnly();

  /** A one-line label for progress and the Temporal UI, such as {@code shell: mvn -q test}. */
  String summarize(JsonNode arguments);

  /**
   * What the call would do, for the approval policy and the person it asks; null for a tool that
   * only reads or changes nothing outside the task (the default). Never throws: arguments the
   * call would refuse still get a description, or null.
   */
  default CommandInfo describeCommand(JsonNode arguments) {
    return null;
  }

  /**
   * Runs the call. A problem the model can fix (bad arguments, a path outside the workspace, a
   * failing command) is a {@link ToolException} or an output marked failed, never a crash.
   */
  ToolOutput execute(JsonNode arguments, ToolContext context) throws ToolException;
}
