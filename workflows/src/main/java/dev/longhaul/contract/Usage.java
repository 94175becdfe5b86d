package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Token usage of one model call, or a sum of several, as the provider reported it.
 *
 * @param input every input token, those read from the cache and those written to it included
 * @param cached input tokens read from the provider's prompt cache
 * @param cacheWrite input tokens written to the prompt cache (Anthropic bills them above the input
 *     price); zero for providers that cache implicitly. Absent from older histories, read as 0.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Usage(long input, long cached, long output, long reasoning, long cacheWrite) {
  public Usage(long input, long cached, long output, long reasoning) {
    this(input, cached, output, reasoning, 0);
  }

  public static Usage none() {
    return new Usage(0, 0, 0, 0, 0);
  }

  public Usage plus(Usage other) {
    return new Usage(
        input + other.input, cached + other.cached, output + other.output, reasoning + other.reasoning,
        cacheWrite + other.cacheWrite);
  }
}
