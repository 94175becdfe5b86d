package dev.longhaul.model;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which providers a worker can reach, how, and which one a task gets when it names none. Read from
 * the worker's environment only (keys never enter a workflow): {@code LONGHAUL_PROVIDER}, {@code
 * OPENAI_API_KEY}/{@code OPENAI_BASE_URL} for both OpenAI APIs, {@code ANTHROPIC_API_KEY}/{@code
 * ANTHROPIC_BASE_URL}, and {@code LONGHAUL_MODEL} for the default provider's model.
 *
 * @param reachable the configuration of each provider this worker can call
 * @param unreachable for each other provider, one line saying what it lacks (the variable to set)
 */
public record ProviderSettings(
    ProviderId defaultProvider,
    Map<ProviderId, ModelConfig> reachable,
    Map<ProviderId, String> unreachable) {

  public static final String DEFAULT_ANTHROPIC_BASE_URL = "https://api.anthropic.com";

  public ProviderSettings {
    reachable = Map.copyOf(reachable);
    unreachable = Map.copyOf(unreachable);
  }

  /** The default model of each provider, when neither the task nor LONGHAUL_MODEL names one. */
  public static String defaultModel(ProviderId provider) {
    return switch (provider) {
      case OPENAI_RESPONSES -> ModelConfig.DEFAULT_MODEL;
      case OPENAI_CHAT -> "gpt-4.1";
      case ANTHROPIC -> dev.longhaul.model.anthropic.AnthropicProvider.DEFAULT_MODEL;
    };
  }

  /** @throws IllegalArgumentException naming the variable that is wrong */
  public static ProviderSettings fromEnvironment(Map<String, String> env) {
    ProviderId chosen;
    try {
      chosen = ProviderId.parse(env.getOrDefault("LONGHAUL_PROVIDER", ProviderId.OPENAI_RESPONSES.label()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("LONGHAUL_PROVIDER: " + e.getMessage());
    }
    ModelConfig openai = ModelConfig.fromEnvironment(env);
    Map<ProviderId, ModelConfig> reachable = new EnumMap<>(ProviderId.class);
    Map<ProviderId, String> unreachable = new EnumMap<>(ProviderId.class);
    for (ProviderId id : ProviderId.values()) {
      String model = id == chosen && env.get("LONGHAUL_MODEL") != null
          ? env.get("LONGHAUL_MODEL")
          : defaultModel(id);
      ModelConfig config = id == ProviderId.ANTHROPIC
          ? new ModelConfig(env.getOrDefault("ANTHROPIC_BASE_URL", DEFAULT_ANTHROPIC_BASE_URL),
              env.get("ANTHROPIC_API_KEY"), model, openai.streamIdleTimeout())
          : new ModelConfig(openai.baseUrl(), openai.apiKey(), model, openai.streamIdleTimeout());
      Optional<String> missing = missingAccess(id, env);
      if (missing.isPresent()) unreachable.put(id, missing.get());
      else reachable.put(id, config);
    }
    return new ProviderSettings(chosen, reachable, unreachable);
  }

  /**
   * What {@code provider} lacks in {@code env} to be called, in one line naming the variable; empty
   * when it has a key, or a base URL of a server that may need none.
   */
  public static Optional<String> missingAccess(ProviderId provider, Map<String, String> env) {
    boolean anthropic = provider == ProviderId.ANTHROPIC;
    String key = anthropic ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY";
    String url = anthropic ? "ANTHROPIC_BASE_URL" : "OPENAI_BASE_URL";
    if (env.get(key) != null && !env.get(key).isBlank()) return Optional.empty();
    if (env.get(url) != null) return Optional.empty();
    String api = switch (provider) {
      case OPENAI_RESPONSES -> "a Responses-compatible server";
      case OPENAI_CHAT -> "a Chat Completions server (Ollama, vLLM, llama.cpp, OpenRouter)";
      case ANTHROPIC -> "an Anthropic-compatible server";
    };
    return Optional.of(key + " is not set (provider " + provider + "): export it, or set " + url + " to " + api);
  }

  /** One provider reachable at {@code config}, the default: a test's worker, or a single server. */
  public static ProviderSettings only(ProviderId provider, ModelConfig config) {
    return new ProviderSettings(provider, Map.of(provider, config), Map.of());
  }

  /** These settings with {@code provider} reachable at {@code config} too. */
  public ProviderSettings with(ProviderId provider, ModelConfig config) {
    Map<ProviderId, ModelConfig> more = new EnumMap<>(ProviderId.class);
    more.putAll(reachable);
    more.put(provider, config);
    Map<ProviderId, String> fewer = new EnumMap<>(ProviderId.class);
    fewer.putAll(unreachable);
    fewer.remove(provider);
    return new ProviderSettings(defaultProvider, more, fewer);
  }

  /** These settings with {@code provider} unreachable, for the reason {@code why}. */
  public ProviderSettings without(ProviderId provider, String why) {
    Map<ProviderId, ModelConfig> fewer = new EnumMap<>(ProviderId.class);
    fewer.putAll(reachable);
    fewer.remove(provider);
    Map<ProviderId, String> more = new EnumMap<>(ProviderId.class);
    more.putAll(unreachable);
    more.put(provider, why);
    return new ProviderSettings(defaultProvider, fewer, more);
  }

  /** These settings, with {@code provider} (reachable) what a task that names none gets. */
  public ProviderSettings withDefault(ProviderId provider) {
    return new ProviderSettings(provider, reachable, unreachable);
  }

  /**
   * The provider of a task that asked for {@code requested} (null: the worker's default).
   *
   * @throws IllegalArgumentException in one line: the name is unknown (listing the valid ones), or
   *     the worker cannot reach that provider (naming the variable to set)
   */
  public ProviderId resolve(String requested) {
    ProviderId id = requested == null ? defaultProvider : ProviderId.parse(requested);
    if (reachable.containsKey(id)) return id;
    throw new IllegalArgumentException(unreachable.getOrDefault(id,
        "provider " + id + " is not configured on this worker"));
  }

  /** The configuration of a reachable provider. */
  public ModelConfig config(ProviderId provider) {
    ModelConfig config = reachable.get(provider);
    if (config == null) throw new IllegalArgumentException(resolveMessage(provider));
    return config;
  }

  private String resolveMessage(ProviderId provider) {
    return unreachable.getOrDefault(provider, "provider " + provider + " is not configured on this worker");
  }

  /** The API keys of the reachable providers, each once, for the worker to mask in tool outputs. */
  public java.util.Set<String> apiKeys() {
    java.util.Set<String> keys = new java.util.TreeSet<>();
    for (ModelConfig config : reachable.values()) {
      if (config.apiKey() != null && !config.apiKey().isBlank()) keys.add(config.apiKey());
    }
    return keys;
  }

  @Override
  public String toString() {
    return "ProviderSettings[default=" + defaultProvider + ", reachable=" + reachable.keySet() + "]";
  }
}
