package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Register a task in the store when its workflow starts.
 *
 * @param model the model the client asked for; null for the worker's default
 * @param sandbox the confinement the client asked for; null for the worker's default
 * @param approval the approval policy the client asked for; null for the worker's default
 * @param repo a git repository the worker clones as the workspace (into {@code workspace}, or
 *     under its workspace root when that is null); null when the workspace is a directory already
 * @param ref what to check out in the clone; null for the repository's default branch
 * @param provider the provider the client asked for; null for the worker's default
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OpenTask(
    String taskId, String workspace, String title, String model, SandboxPolicy sandbox,
    ApprovalPolicy approval, String repo, String ref, String provider) {
  public OpenTask(
      String taskId, String workspace, String title, String model, SandboxPolicy sandbox,
      ApprovalPolicy approval, String repo, String ref) {
    this(taskId, workspace, title, model, sandbox, approval, repo, ref, null);
  }

  public OpenTask(String taskId, String workspace, String title, String model) {
    this(taskId, workspace, title, model, null, null);
  }

  public OpenTask(
      String taskId, String workspace, String title, String model, SandboxPolicy sandbox,
      ApprovalPolicy approval) {
    this(taskId, workspace, title, model, sandbox, approval, null, null);
  }
}
