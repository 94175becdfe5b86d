package dev.longhaul.model.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.model.CallHooks;
import dev.longhaul.model.HttpErrors;
import dev.longhaul.model.ItemFormat;
import dev.longhaul.model.ModelConfig;
import dev.longhaul.model.ModelException;
import dev.longhaul.model.ModelHttp;
import dev.longhaul.model.ModelProvider;
import dev.longhaul.model.ModelRequest;
import dev.longhaul.model.ModelResponse;
import dev.longhaul.model.ProviderId;
import dev.longhaul.model.ServerSentEvents;
import java.io.IOException;
import java.net.URI;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The Chat Completions API ({@code POST /chat/completions}), streamed: OpenAI's, and the servers
 * that speak it (Ollama, vLLM, llama.cpp's server, LM Studio, OpenRouter). One instance per worker:
 * it holds the connection pool.
 *
 * <p>Failures are classified as for every provider: {@code TRANSIENT} for 429, 5xx, network faults
 * and streams that stop before the response says why it finished; {@code REJECTED} for 400, 401,
 * 403, 404 and 422 with the server's message; {@code CONTEXT_WINDOW_EXCEEDED} for the overflow
 * errors of {@link ChatOverflow}; {@code MALFORMED} for a body that is not a chunk stream. There
 * is no compaction endpoint: {@link #compact} is {@code UNSUPPORTED}, and tasks compact locally.
 */
public final class ChatClient implements ModelProvider {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ModelConfig config;
  private final OkHttpClient http;
  /** Only OpenAI's own server is sent {@code prompt_cache_key}: another may refuse the field. */
  private final boolean cacheKey;

  public ChatClient(ModelConfig config) {
    this.config = config;
    this.cacheKey = "api.openai.com".equals(host(config.baseUrl()));
    this.http = ModelHttp.client(config);
  }

  private static String host(String url) {
    try {
      return URI.create(url).getHost();
    } catch (IllegalArgumentException e) {
      return null;
    }
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
    Request post = ModelHttp.post(config, "/chat/completions", ChatBody.of(request, cacheKey))
        .header("Accept", "text/event-stream").build();
    try (Response response = ModelHttp.execute(http, post, hooks)) {
      if (!response.isSuccessful()) throw HttpErrors.classify(response, ChatOverflow::matches);
      return read(new ServerSentEvents(response.body().source()), hooks.onEvent());
    } catch (IOException e) {
      throw ModelHttp.streamFailure(e);
    }
  }

  /** None: Chat Completions has no compaction, so the caller writes a handoff summary. */
  @Override
  public ModelResponse compact(ModelRequest request, CallHooks hooks) throws ModelException {
    throw new ModelException(
        ModelException.Kind.UNSUPPORTED, "Chat Completions has no compaction endpoint", null);
  }

  private static ModelResponse read(ServerSentEvents events, Runnable onEvent)
      throws IOException, ModelException {
    ChatStream stream = new ChatStream();
    String data;
    while ((data = events.next()) != null) {
      onEvent.run();
      JsonNode chunk = ModelHttp.event(JSON, data, "a chunk");
      if (chunk.has("error")) throw failed(chunk.path("error"));
      if (!chunk.isObject() || (!chunk.has("choices") && !chunk.has("usage"))) {
        throw ModelHttp.malformed("something that is not a chat completion chunk: " + ModelHttp.clip(data));
      }
      stream.accept(chunk);
    }
    // The usage chunk comes after the one that finishes, and [DONE] after it; a stream cut before
    // the finish is an attempt to retry.
    if (!stream.finished()) {
      throw new ModelException(
          ModelException.Kind.TRANSIENT, "the model stream ended before the response finished", null);
    }
    return stream.response();
  }

  /** An error sent inside the stream, as some servers do after a 200. */
  private static ModelException failed(JsonNode error) {
    String message = error.isTextual() ? error.asText() : error.path("message").asText("the model reported a failure");
    String code = error.path("code").asText(error.path("type").asText(""));
    String text = code.isEmpty() ? message : code + ": " + message;
    if (ChatOverflow.matches(error.toString())) {
      return new ModelException(ModelException.Kind.CONTEXT_WINDOW_EXCEEDED, text, null);
    }
    return new ModelException(ModelException.Kind.TRANSIENT, text, null);
  }

}
