package dev.longhaul.model.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.model.CallHooks;
import dev.longhaul.model.ItemFormat;
import dev.longhaul.model.ModelConfig;
import dev.longhaul.model.ModelException;
import dev.longhaul.model.ModelException.Kind;
import dev.longhaul.model.ModelHttp;
import dev.longhaul.model.ModelProvider;
import dev.longhaul.model.ModelRequest;
import dev.longhaul.model.ModelResponse;
import dev.longhaul.model.ProviderId;
import dev.longhaul.model.RawJson;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Anthropic's Messages API, streamed. One instance per worker: it holds the connection pool.
 *
 * <p>Requests go to {@code POST {base}/v1/messages} with {@code x-api-key} and {@code
 * anthropic-version: 2023-06-01}; {@link MessagesBody} writes them (grouping, cache breakpoints),
 * {@link MessagesStream} reads the answer, {@link AnthropicErrors} classifies failures.
 */
public final class AnthropicProvider implements ModelProvider {
  public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
  public static final String DEFAULT_MODEL = "claude-sonnet-5-5";
  static final String API_VERSION = "2023-06-01";
  /** The beta header of server-side compaction, as Anthropic's compaction page names it. */
  static final String COMPACTION_BETA = "compact-2026-01-12";
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ItemFormat FORMAT = AnthropicFormat.INSTANCE;

  private final ModelConfig config;
  private final AnthropicOptions options;
  private final OkHttpClient http;

  public AnthropicProvider(ModelConfig config) {
    this(config, AnthropicOptions.defaults());
  }

  public AnthropicProvider(ModelConfig config, AnthropicOptions options) {
    this.config = config;
    this.options = options;
    // Anthropic pings a live stream, so silence past the idle timeout means it hung.
    this.http = ModelHttp.client(config);
  }

  @Override
  public ProviderId id() {
    return ProviderId.ANTHROPIC;
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public ItemFormat items() {
    return FORMAT;
  }

  public AnthropicOptions options() {
    return options;
  }

  @Override
  public ModelResponse create(ModelRequest request, CallHooks hooks) throws ModelException {
    Request post = post("", MessagesBody.forSampling(request, options)).header("Accept", "text/event-stream").build();
    try (Response response = execute(post, hooks)) {
      if (!response.isSuccessful()) throw AnthropicErrors.classify(response);
      return MessagesStream.read(response.body().source(), hooks.onEvent());
    } catch (IOException e) {
      throw ModelHttp.streamFailure(e);
    }
  }

  /**
   * Anthropic's server-side compaction (beta {@value #COMPACTION_BETA}): the request's context is
   * sent with a {@code compact_20260112} edit triggered at Anthropic's minimum and paused after
   * the compaction, so the answer is one {@code compaction} block, which becomes the new context
   * and is re-sent byte for byte (Anthropic drops everything before it).
   *
   * @throws ModelException of kind {@link Kind#UNSUPPORTED} when the context is below the
   *     {@value MessagesBody#MIN_COMPACTION_TRIGGER}-token minimum, or the model or endpoint does
   *     not offer compaction, so the caller compacts locally with a handoff summary
   */
  @Override
  public ModelResponse compact(ModelRequest request, CallHooks hooks) throws ModelException {
    String body = MessagesBody.forCompaction(request, options);
    // Below the minimum Anthropic would not compact but answer, a sample paid for and wasted.
    long tokens = countTokens(request, hooks).orElse(body.length() / 4);
    if (tokens < MessagesBody.MIN_COMPACTION_TRIGGER) {
      throw new ModelException(
          Kind.UNSUPPORTED, "the context (" + tokens + " tokens) is below Anthropic's "
              + MessagesBody.MIN_COMPACTION_TRIGGER + "-token compaction minimum", null);
    }
    Request post = post("", body).header("anthropic-beta", COMPACTION_BETA).build();
    try (Response response = execute(post, hooks)) {
      if (!response.isSuccessful()) throw unsupportedOr(AnthropicErrors.classify(response), response.code());
      String text = response.body().string();
      hooks.onEvent().run();
      return compacted(text);
    } catch (InterruptedIOException e) {
      throw new ModelException(Kind.TRANSIENT, "compaction timed out: " + e.getMessage(), null);
    } catch (IOException e) {
      throw new ModelException(Kind.TRANSIENT, "network error while compacting: " + e, null);
    }
  }

  /**
   * The context's input tokens by Anthropic's own free count ({@code POST
   * /v1/messages/count_tokens}); empty when the server has no such endpoint or fails, so the
   * caller estimates (four characters a token, which undercounts code: a context it misjudges
   * small is compacted locally, never sampled by mistake).
   */
  private java.util.OptionalLong countTokens(ModelRequest request, CallHooks hooks) {
    Request post = post("/count_tokens", MessagesBody.forCounting(request, options)).build();
    try (Response response = execute(post, hooks)) {
      if (!response.isSuccessful()) return java.util.OptionalLong.empty();
      JsonNode count = JSON.readTree(response.body().string()).path("input_tokens");
      return count.canConvertToLong() ? java.util.OptionalLong.of(count.asLong()) : java.util.OptionalLong.empty();
    } catch (IOException e) {
      return java.util.OptionalLong.empty();
    }
  }

  private static ModelResponse compacted(String text) throws ModelException {
    try {
      JsonNode parsed = JSON.readTree(text);
      List<String> blocks = new ArrayList<>();
      for (String block : RawJson.arrayElements(text, "content")) {
        if (JSON.readTree(block).path("type").asText().equals("compaction")) blocks.add(block);
      }
      if (blocks.isEmpty()) {
        throw new ModelException(
            Kind.UNSUPPORTED, "Anthropic answered without compacting (stop_reason "
                + parsed.path("stop_reason").asText("none") + ")", null);
      }
      return new ModelResponse(blocks, MessagesStream.usage(parsed.path("usage")), null);
    } catch (IOException e) {
      throw ModelHttp.malformed("a compaction response that is not JSON: " + ModelHttp.clip(text));
    }
  }

  /** A rejection that names compaction or the beta means this model has none; else as classified. */
  private static ModelException unsupportedOr(ModelException e, int status) {
    String message = e.getMessage().toLowerCase(java.util.Locale.ROOT);
    boolean aboutCompaction =
        message.contains("compact") || message.contains("context_management") || message.contains("beta");
    if (status == 404 || (e.kind() == Kind.REJECTED && aboutCompaction)) {
      return new ModelException(Kind.UNSUPPORTED, "no server-side compaction: " + e.getMessage(), null);
    }
    return e;
  }

  private Response execute(Request request, CallHooks hooks) throws IOException {
    return ModelHttp.execute(http, request, hooks);
  }

  /** {@code {base}/v1/messages}, whether or not the base URL already ends in {@code /v1}. */
  static String messagesUrl(String baseUrl) {
    String base = baseUrl.replaceAll("/+$", "");
    return base + (base.endsWith("/v1") ? "/messages" : "/v1/messages");
  }

  /** A POST of {@code json} to the messages endpoint, or {@code below} it, with the version and the key. */
  private Request.Builder post(String below, String json) {
    Request.Builder request =
        new Request.Builder()
            .url(messagesUrl(config.baseUrl()) + below)
            .header("anthropic-version", API_VERSION)
            .post(RequestBody.create(json, JSON_TYPE));
    if (config.apiKey() != null) request.header("x-api-key", config.apiKey());
    return request;
  }
}
