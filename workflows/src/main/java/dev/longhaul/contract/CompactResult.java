package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The compacted context: the new checkpoint, followed by nothing yet.
 *
 * @param tokens the estimated size of the compacted context
 * @param local whether the model wrote a handoff summary (no provider-side compaction)
 * @param switchedModel after a compaction that switched provider, the model the task uses with the
 *     new one (the worker's default for it when the task named none); else null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CompactResult(ContextRef context, long tokens, boolean local, String switchedModel) {
  public CompactResult(ContextRef context, long tokens, boolean local) {
    this(context, tokens, local, null);
  }
}
