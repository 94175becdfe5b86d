package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Sample the model once. The output items are written at {@code firstOutputSeq} onwards; a
 * retried attempt rewrites the same sequence numbers, so it leaves no duplicate.
 *
 * @param model the model to ask; the worker's default when null
 * @param previous the shape of the task's previous request, or null for its first; when this
 *     request's shape differs, a note is appended rather than the prefix rewritten
 * @param provider the task's provider, as the worker resolved it when the task opened; null
 *     (before providers) for OpenAI Responses
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SampleRequest(
    String taskId, int turn, int step, ContextRef context, long firstOutputSeq, String model,
    PromptShape previous, String provider) {

  /** A request from before providers: its task's items are OpenAI Responses items. */
  public SampleRequest(
      String taskId, int turn, int step, ContextRef context, long firstOutputSeq, String model,
      PromptShape previous) {
    this(taskId, turn, step, context, firstOutputSeq, model, previous, null);
  }
}
