package dev.longhaul.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderSettingsTest {
  @Test
  void withNoProviderNamed_theDefaultIsOpenAiResponses_withTheOpenAiKey() {
    ProviderSettings settings = ProviderSettings.fromEnvironment(Map.of("OPENAI_API_KEY", "sk-1"));

    assertThat(settings.resolve(null)).isEqualTo(ProviderId.OPENAI_RESPONSES);
    assertThat(settings.config(ProviderId.OPENAI_RESPONSES).apiKey()).isEqualTo("sk-1");
    assertThat(settings.config(ProviderId.OPENAI_CHAT).apiKey()).isEqualTo("sk-1");
  }

  @Test
  void anUnknownLonghaulProvider_isOneLineListingTheValidNames() {
    assertThatThrownBy(() -> ProviderSettings.fromEnvironment(Map.of("LONGHAUL_PROVIDER", "gemini")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LONGHAUL_PROVIDER: unknown provider \"gemini\"; valid providers: openai-responses,"
            + " openai-chat, anthropic");
  }

  @Test
  void anUnknownProviderAskedByATask_listsTheValidNames() {
    ProviderSettings settings = ProviderSettings.fromEnvironment(Map.of("OPENAI_API_KEY", "sk-1"));

    assertThatThrownBy(() -> settings.resolve("claude"))
        .hasMessageContaining("unknown provider \"claude\"")
        .hasMessageContaining("openai-responses, openai-chat, anthropic");
  }

  @Test
  void aProviderWhoseKeyIsMissing_isRefused_namingTheVariable() {
    ProviderSettings settings = ProviderSettings.fromEnvironment(Map.of("OPENAI_API_KEY", "sk-1"));

    assertThatThrownBy(() -> settings.resolve("anthropic"))
        .hasMessageStartingWith("ANTHROPIC_API_KEY is not set (provider anthropic)");
  }

  @Test
  void aChatServerWithoutKey_isReachableThroughItsBaseUrl() {
    ProviderSettings settings = ProviderSettings.fromEnvironment(Map.of(
        "LONGHAUL_PROVIDER", "openai-chat", "OPENAI_BASE_URL", "http://localhost:11434/v1",
        "LONGHAUL_MODEL", "qwen3-coder"));

    assertThat(settings.resolve(null)).isEqualTo(ProviderId.OPENAI_CHAT);
    assertThat(settings.config(ProviderId.OPENAI_CHAT))
        .isEqualTo(new ModelConfig("http://localhost:11434/v1", null, "qwen3-coder",
            settings.config(ProviderId.OPENAI_CHAT).streamIdleTimeout()));
  }

  @Test
  void longhaulModel_setsTheDefaultProvidersModelOnly() {
    ProviderSettings settings = ProviderSettings.fromEnvironment(Map.of(
        "OPENAI_API_KEY", "sk-1", "ANTHROPIC_API_KEY", "sk-ant", "LONGHAUL_PROVIDER", "anthropic",
        "LONGHAUL_MODEL", "claude-opus-4-5"));

    assertThat(settings.config(ProviderId.ANTHROPIC).model()).isEqualTo("claude-opus-4-5");
    assertThat(settings.config(ProviderId.ANTHROPIC).baseUrl()).isEqualTo("https://api.anthropic.com");
    assertThat(settings.config(ProviderId.OPENAI_RESPONSES).model()).isEqualTo(ModelConfig.DEFAULT_MODEL);
    assertThat(settings.config(ProviderId.OPENAI_CHAT).model())
        .isEqualTo(ProviderSettings.defaultModel(ProviderId.OPENAI_CHAT));
  }

  @Test
  void theKeysOfEveryReachableProvider_areMasked() {
    ProviderSettings settings = ProviderSettings.fromEnvironment(
        Map.of("OPENAI_API_KEY", "sk-1", "ANTHROPIC_API_KEY", "sk-ant"));

    assertThat(settings.apiKeys()).containsExactly("sk-1", "sk-ant");
  }

  @Test
  void aProviderThisBuildHasNoClientFor_isRefusedWhenATaskAsks_andTheWorkerStillStarts() {
    Providers providers = Providers.connect(ProviderSettings.fromEnvironment(
        Map.of("OPENAI_API_KEY", "sk-1", "ANTHROPIC_API_KEY", "sk-ant")));

    assertThat(providers.settings().resolve(null)).isEqualTo(ProviderId.OPENAI_RESPONSES);
    assertThat(providers.provider("openai-chat").id()).isEqualTo(ProviderId.OPENAI_CHAT);
    if (!providers.settings().reachable().containsKey(ProviderId.ANTHROPIC)) {
      assertThatThrownBy(() -> providers.settings().resolve("anthropic"))
          .hasMessage("provider anthropic is not available in this build");
    }
  }
}
