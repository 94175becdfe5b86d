package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Where a restored task's context starts, and the counters it continues from. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Restored(ContextRef context, int turn, int step, long tokens, String workspace) {}
