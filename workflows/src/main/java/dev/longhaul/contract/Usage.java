package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Token usage of one model call, or a sum of several, as the provider reported it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Usage(long input, long cached, long output, long reasoning) {
  public static Usage none() {
    return new Usage(0, 0, 0, 0);
  }

  public Usage plus(Usage other) {
    return new Usage(
        input + other.input, cached + other.cached, output + other.output, reasoning + other.reasoning);
  }
}
