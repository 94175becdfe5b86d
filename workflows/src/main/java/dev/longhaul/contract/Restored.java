package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Where a restored task's context starts, and the counters it continues from.
 *
 * @param provider the provider whose items the restored context holds, which the task continues
 *     with; null for an empty context, and from workers before providers
 * @param model the worker's default model for {@code provider}, for a task that named none; null
 *     when {@code provider} is
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Restored(
    ContextRef context, int turn, int step, long tokens, String workspace, String provider,
    String model) {
  public Restored(ContextRef context, int turn, int step, long tokens, String workspace) {
    this(context, turn, step, tokens, workspace, null, null);
  }

  public Restored withModel(String model) {
    return new Restored(context, turn, step, tokens, workspace, provider, model);
  }
}
