package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The reviewer's pick.
 *
 * @param reasons why, clipped to a few hundred characters
 * @param costMicros the review call's estimated cost; -1 when the model has no price
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReviewAnswer(int attempt, String reasons, Usage usage, long costMicros) {}
