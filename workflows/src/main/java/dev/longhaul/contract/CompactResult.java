package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The compacted context: the new checkpoint, followed by nothing yet.
 *
 * @param tokens the estimated size of the compacted context
 * @param local whether the model wrote a handoff summary (no provider-side compaction)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CompactResult(ContextRef context, long tokens, boolean local) {}
