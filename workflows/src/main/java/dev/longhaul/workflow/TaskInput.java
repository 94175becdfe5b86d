package dev.longhaul.workflow;

import java.time.Duration;

/**
 * What starts a task. The workflow id, chosen by the client, is the task id.
 *
 * @param model the model to use; null for the worker's default
 * @param idleTimeout how long the task waits for a next turn before it ends; null for {@link
 *     #DEFAULT_IDLE_TIMEOUT}
 * @param carried the state of the previous run when this run was continued as new, else null
 */
public record TaskInput(
    String workspace, String prompt, String model, Duration idleTimeout, TaskState carried) {

  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofDays(7);

  /** Prompts larger than this are refused before a task starts: they would bloat history. */
  public static final int MAX_PROMPT_CHARS = 256 * 1024;

  public static TaskInput of(String workspace, String prompt) {
    return new TaskInput(workspace, prompt, null, null, null);
  }

  public TaskInput withModel(String model) {
    return new TaskInput(workspace, prompt, model, idleTimeout, carried);
  }

  public TaskInput withIdleTimeout(Duration idleTimeout) {
    return new TaskInput(workspace, prompt, model, idleTimeout, carried);
  }
}
