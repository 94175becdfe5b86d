package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A change of provider a follow-up asked for, waiting for the compaction that makes it: a task's
 * context is handed to another provider only as a local handoff summary, which is neutral text.
 *
 * @param provider the provider to continue with
 * @param model the model to use with it; null for the worker's default for that provider
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProviderSwitch(String provider, String model) {}
