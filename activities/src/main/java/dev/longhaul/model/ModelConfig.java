package dev.longhaul.model;

import java.time.Duration;
import java.util.Map;

/**
 * How the worker reaches the model. Read from the worker's environment only: the API key never
 * enters a workflow input, history or log ({@link #toString} leaves it out).
 *
 * @param streamIdleTimeout how long a streaming response may send nothing before it counts as hung
 */
public record ModelConfig(String baseUrl, String apiKey, String model, Duration streamIdleTimeout) {
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
  public static final String DEFAULT_MODEL = "gpt-5.1-codex-max";

  public static ModelConfig fromEnvironment(Map<String, String> env) {
    String idle = env.get("LONGHAUL_STREAM_IDLE_TIMEOUT_MS");
    return new ModelConfig(
        env.getOrDefault("OPENAI_BASE_URL", DEFAULT_BASE_URL),
        env.get("OPENAI_API_KEY"),
        env.getOrDefault("LONGHAUL_MODEL", DEFAULT_MODEL),
        idle == null ? Duration.ofMinutes(5) : Duration.ofMillis(millis("LONGHAUL_STREAM_IDLE_TIMEOUT_MS", idle)));
  }

  private static long millis(String name, String value) {
    try {
      long ms = Long.parseLong(value.strip());
      if (ms > 0) return ms;
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a positive number of milliseconds, not \"" + value + "\"");
  }

  public ModelConfig withBaseUrl(String baseUrl) {
    return new ModelConfig(baseUrl, apiKey, model, streamIdleTimeout);
  }

  public ModelConfig withModel(String model) {
    return new ModelConfig(baseUrl, apiKey, model, streamIdleTimeout);
  }

  public ModelConfig withStreamIdleTimeout(Duration timeout) {
    return new ModelConfig(baseUrl, apiKey, model, timeout);
  }

  @Override
  public String toString() {
    return "ModelConfig[baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
        + (apiKey == null ? "unset" : "set") + "]";
  }
}
