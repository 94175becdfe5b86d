package dev.longhaul.activity;

/**
 * The compacted context: the new checkpoint, followed by nothing yet.
 *
 * @param tokens the estimated size of the compacted context
 * @param local whether the model wrote a handoff summary (no provider-side compaction)
 */
public record CompactResult(ContextRef context, long tokens, boolean local) {}
