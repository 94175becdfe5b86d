package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Compact the context {@code context} of a task into checkpoint {@code checkpoint}.
 *
 * @param model the model to compact with; the worker's default when null
 * @param provider the task's provider; null (before providers) for OpenAI Responses
 * @param switchTo the provider the task continues with after this compaction, or null to keep
 *     {@code provider}: the compaction is then local (a handoff summary), and the new context is
 *     written in the new provider's format
 * @param switchModel with {@code switchTo}, the model to use with it; null for the worker's default
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CompactRequest(
    String taskId, int turn, ContextRef context, int checkpoint, String model, String workspace,
    String provider, String switchTo, String switchModel) {

  /** A request from before providers. */
  public CompactRequest(
      String taskId, int turn, ContextRef context, int checkpoint, String model, String workspace) {
    this(taskId, turn, context, checkpoint, model, workspace, null, null, null);
  }
}
