package dev.longhaul.model;

import dev.longhaul.model.anthropic.AnthropicOptions;
import dev.longhaul.model.anthropic.AnthropicProvider;
import dev.longhaul.model.chat.ChatClient;
import java.util.EnumMap;
import java.util.Map;

/**
 * The worker's model providers: one {@link ModelProvider} (and so one connection pool) per
 * provider it can reach. Activities pick a task's provider here by the name the workflow recorded
 * when the task opened.
 */
public final class Providers {
  private final ProviderSettings settings;
  private final Map<ProviderId, ModelProvider> clients;

  private Providers(ProviderSettings settings, Map<ProviderId, ModelProvider> clients) {
    this.settings = settings;
    this.clients = clients;
  }

  /**
   * A client for each provider {@code settings} can reach; {@link #settings()} leaves out any this
   * build has no client for, so a task asking for one is refused when it opens.
   */
  public static Providers connect(ProviderSettings settings) {
    Map<ProviderId, ModelProvider> clients = new EnumMap<>(ProviderId.class);
    ProviderSettings connected = settings;
    for (var entry : settings.reachable().entrySet()) {
      ModelProvider client = client(entry.getKey(), entry.getValue());
      if (client != null) clients.put(entry.getKey(), client);
      else connected = connected.without(entry.getKey(), "provider " + entry.getKey() + " is not available in this build");
    }
    return new Providers(connected, clients);
  }

  /** Exactly {@code provider}, the default: a test's, or one built by hand. */
  public static Providers of(ModelProvider provider) {
    return new Providers(ProviderSettings.only(provider.id(), provider.config()),
        new EnumMap<>(Map.of(provider.id(), provider)));
  }

  /** Null for a provider this build has no client for. */
  private static ModelProvider client(ProviderId id, ModelConfig config) {
    return switch (id) {
      case OPENAI_RESPONSES -> new ResponsesClient(config);
      case OPENAI_CHAT -> new ChatClient(config);
      // Its request options (max_tokens, thinking) come from the worker's environment too.
      case ANTHROPIC -> new AnthropicProvider(config, AnthropicOptions.fromEnvironment(System.getenv()));
    };
  }

  /** The settings as connected: the providers this worker can call. */
  public ProviderSettings settings() {
    return settings;
  }

  /**
   * The provider named {@code label}, as a task recorded it; null for a task from before providers,
   * whose items are all Responses items.
   *
   * @throws IllegalArgumentException when this worker cannot reach it, naming what is missing
   */
  public ModelProvider provider(String label) {
    ProviderId id = id(label);
    ModelProvider provider = clients.get(id);
    if (provider == null) {
      throw new IllegalArgumentException(settings.unreachable().getOrDefault(id,
          "provider " + id + " is not configured on this worker"));
    }
    return provider;
  }

  /** The provider a task recorded; null (a task from before providers) is OpenAI Responses. */
  public static ProviderId id(String label) {
    return label == null ? ProviderId.OPENAI_RESPONSES : ProviderId.parse(label);
  }
}
