package dev.longhaul.worker;

import dev.longhaul.model.ModelConfig;
import dev.longhaul.model.ProviderId;
import dev.longhaul.model.ProviderSettings;
import dev.longhaul.testing.FakeAnthropicServer;
import dev.longhaul.worker.LonghaulWorker.WorkerSettings;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Worker settings that reach the fake Anthropic server, for the harness. */
final class AnthropicWorker {
  private AnthropicWorker() {}

  /** The config of the fake Anthropic server: its URL, a test key, {@code model}. */
  static ModelConfig config(FakeAnthropicServer fake, String model, Duration idleTimeout) {
    return new ModelConfig(fake.baseUrl(), "sk-ant-test", model, idleTimeout);
  }

  /** Anthropic as the worker's only provider. */
  static UnaryOperator<WorkerSettings> only(FakeAnthropicServer fake, String model, Duration idleTimeout) {
    return s -> s.withProviders(ProviderSettings.only(ProviderId.ANTHROPIC, config(fake, model, idleTimeout)));
  }
}
