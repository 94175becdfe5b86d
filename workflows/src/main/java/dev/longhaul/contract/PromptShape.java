package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a request's cached prefix depends on besides its items: the model and the tools.
 *
 * @param toolsFingerprint a hash of the tool definitions as sent
 * @param toolNames the tools' names, comma-separated, to say what changed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PromptShape(String model, String toolsFingerprint, String toolNames) {}
