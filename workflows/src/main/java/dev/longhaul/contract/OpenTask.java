package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Register a task in the store when its workflow starts.
 *
 * @param model the model the client asked for; null for the worker's default
 * @param sandbox the confinement the client asked for; null for the worker's default
 * @param approval the approval policy the client asked for; null for the worker's default
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OpenTask(
    String taskId, String workspace, String title, String model, SandboxPolicy sandbox,
    ApprovalPolicy approval) {
  public OpenTask(String taskId, String workspace, String title, String model) {
    this(taskId, workspace, title, model, null, null);
  }
}
