package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a task's model calls spent, from the usage ledger.
 *
 * @param costMicros the estimated cost; -1 when a call's model has no known price
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Spent(Usage usage, long costMicros) {}
