package dev.longhaul.model.chat;

import dev.longhaul.model.CallHooks;
import dev.longhaul.model.ItemFormat;
import dev.longhaul.model.ModelConfig;
import dev.longhaul.model.ModelException;
import dev.longhaul.model.ModelProvider;
import dev.longhaul.model.ModelRequest;
import dev.longhaul.model.ModelResponse;
import dev.longhaul.model.ProviderId;

/** The Chat Completions API (in progress: the plumbing only). */
public final class ChatClient implements ModelProvider {
  private final ModelConfig config;

  public ChatClient(ModelConfig config) {
    this.config = config;
  }

  @Override
  public ProviderId id() {
    return ProviderId.OPENAI_CHAT;
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public ItemFormat items() {
    return ChatFormat.INSTANCE;
  }

  @Override
  public ModelResponse create(ModelRequest request, CallHooks hooks) throws ModelException {
    throw new ModelException(ModelException.Kind.UNSUPPORTED, "Chat Completions is not built yet", null);
  }

  @Override
  public ModelResponse compact(ModelRequest request, CallHooks hooks) throws ModelException {
    throw new ModelException(ModelException.Kind.UNSUPPORTED, "Chat Completions has no compaction endpoint", null);
  }
}
