package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The settings the worker resolved for a task.
 *
 * @param model the model from the worker's environment when the task named none
 * @param searchAttributes whether the server has Longhaul's search attributes registered; only
 *     then does the workflow upsert them, since upserting unknown ones would fail the task
 * @param compactLimit the context size at which the task compacts before its next model call
 * @param sandbox the task's sandbox, the worker's default filled in (null in histories from
 *     before sandboxing)
 * @param approval the task's approval policy, the worker's default filled in (null likewise)
 * @param workspace the workspace as the worker made it (the clone of a task started from a
 *     repository); null from workers before clones, when it is the one the task asked for
 * @param host the host whose worker opened the task (and so holds a clone it made); null from
 *     workers before hosts
 * @param provider the task's provider, the worker's default filled in; null from workers before
 *     providers, when it is OpenAI Responses
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskOpened(
    String model, boolean searchAttributes, long compactLimit, SandboxPolicy sandbox,
    ApprovalPolicy approval, String workspace, String host, String provider) {
  public TaskOpened(
      String model, boolean searchAttributes, long compactLimit, SandboxPolicy sandbox,
      ApprovalPolicy approval, String workspace, String host) {
    this(model, searchAttributes, compactLimit, sandbox, approval, workspace, host, null);
  }

  public TaskOpened(String model, boolean searchAttributes, long compactLimit) {
    this(model, searchAttributes, compactLimit, null, null);
  }

  public TaskOpened(
      String model, boolean searchAttributes, long compactLimit, SandboxPolicy sandbox,
      ApprovalPolicy approval) {
    this(model, searchAttributes, compactLimit, sandbox, approval, null, null);
  }
}
