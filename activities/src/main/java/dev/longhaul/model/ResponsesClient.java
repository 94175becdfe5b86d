package dev.longhaul.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.contract.Usage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * OpenAI's Responses API, streamed. One instance per worker: it holds the connection pool.
 *
 * <p>Failures are classified for the caller: {@link ModelException.Kind#TRANSIENT} for 429, 5xx,
 * network faults and streams that stop before {@code response.completed}; {@code REJECTED} for
 * 400, 401, 403 and 404, with the provider's own message; {@code MALFORMED} for a body that is not
 * a Responses stream.
 */
public final class ResponsesClient implements ModelProvider {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ModelConfig config;
  private final OkHttpClient http;

  public ResponsesClient(ModelConfig config) {
    this.config = config;
    this.http = ModelHttp.client(config);
  }

  @Override
  public ProviderId id() {
    return ProviderId.OPENAI_RESPONSES;
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public ItemFormat items() {
    return ResponsesFormat.INSTANCE;
  }

  /**
   * Sends the request to {@code POST /responses} and reads the stream to its end.
   *
   * @param hooks heartbeats on each event, and cancels the call from another thread
   */
  @Override
  public ModelResponse create(ModelRequest request, CallHooks hooks) throws ModelException {
    Request post = ModelHttp.post(config, "/responses", ResponsesBody.sample(request))
        .header("Accept", "text/event-stream").build();
    try (Response response = ModelHttp.execute(http, post, hooks)) {
      if (!response.isSuccessful()) throw HttpErrors.classify(response);
      return readStream(response.body().source(), hooks.onEvent());
    } catch (IOException e) {
      throw ModelHttp.streamFailure(e);
    }
  }

  /**
   * Compacts the request's context with {@code POST /responses/compact}. Returns the new
   * context's items as the provider sent them (kept user messages and an opaque {@code
   * compaction} item), raw. The provider answers only when done, so {@code hooks} matter more
   * here than anywhere: an interrupt closes the connection rather than wait for the answer.
   *
   * @throws ModelException of kind {@link ModelException.Kind#UNSUPPORTED} when the provider has no
   *     such endpoint (404, 405, 501), so the caller can compact locally instead
   */
  @Override
  public ModelResponse compact(ModelRequest request, CallHooks hooks) throws ModelException {
    Request post = ModelHttp.post(config, "/responses/compact", ResponsesBody.compaction(request)).build();
    try (Response response = ModelHttp.execute(http, post, hooks)) {
      if (response.code() == 404 || response.code() == 405 || response.code() == 501) {
        throw new ModelException(
            ModelException.Kind.UNSUPPORTED, "the provider has no /responses/compact endpoint", null);
      }
      if (!response.isSuccessful()) throw HttpErrors.classify(response);
      String text = response.body().string();
      hooks.onEvent().run();
      try {
        JsonNode parsed = JSON.readTree(text);
        List<String> output = RawJson.arrayElements(text, "output");
        if (output.isEmpty()) throw ModelHttp.malformed("a compaction without output items");
        return new ModelResponse(output, usage(parsed.path("usage")), null);
      } catch (IOException e) {
        throw ModelHttp.malformed("a compaction response that is not JSON: " + ModelHttp.clip(text));
      }
    } catch (InterruptedIOException e) {
      throw new ModelException(ModelException.Kind.TRANSIENT, "compaction timed out: " + e.getMessage(), null);
    } catch (IOException e) {
      throw new ModelException(ModelException.Kind.TRANSIENT, "network error while compacting: " + e, null);
    }
  }

  private static ModelResponse readStream(BufferedSource source, Runnable onEvent)
      throws IOException, ModelException {
    ServerSentEvents events = new ServerSentEvents(source);
    TreeMap<Integer, String> items = new TreeMap<>();
    String data;
    while ((data = events.next()) != null) {
      onEvent.run();
      JsonNode event = ModelHttp.event(JSON, data, "an event");
      switch (event.path("type").asText()) {
        case "response.output_item.done" -> {
          String item = RawJson.field(data, "item");
          if (item == null) throw ModelHttp.malformed("response.output_item.done without an item");
          items.put(event.path("output_index").asInt(items.size()), item);
        }
        case "response.completed", "response.incomplete" -> {
          return finish(data, event, items);
        }
        case "response.failed", "error" -> throw failed(event);
        default -> {} // deltas and lifecycle events: only the finished items matter here
      }
    }
    throw new ModelException(
        ModelException.Kind.TRANSIENT, "the model stream ended before the response completed", null);
  }

  private static ModelResponse finish(String data, JsonNode event, TreeMap<Integer, String> items)
      throws IOException {
    JsonNode response = event.path("response");
    List<String> output = new ArrayList<>(items.values());
    if (output.isEmpty()) {
      // Some servers put the items only in the final response, not in item events.
      String responseRaw = RawJson.field(data, "response");
      if (responseRaw != null) output = RawJson.arrayElements(responseRaw, "output");
    }
    Usage parsed = usage(response.path("usage"));
    String incomplete =
        event.path("type").asText().equals("response.incomplete")
            ? response.path("incomplete_details").path("reason").asText("unknown")
            : null;
    return new ModelResponse(output, parsed, incomplete);
  }

  private static Usage usage(JsonNode usage) {
    return new Usage(
        usage.path("input_tokens").asLong(),
        usage.path("input_tokens_details").path("cached_tokens").asLong(),
        usage.path("output_tokens").asLong(),
        usage.path("output_tokens_details").path("reasoning_tokens").asLong());
  }

  private static ModelException failed(JsonNode event) {
    JsonNode error = event.has("response") ? event.path("response").path("error") : event;
    if (error.has("error")) error = error.path("error");
    String code = error.path("code").asText("");
    String message = error.path("message").asText("the model reported a failure");
    ModelException.Kind kind =
        code.equals("context_length_exceeded")
            ? ModelException.Kind.CONTEXT_WINDOW_EXCEEDED
            : HttpErrors.REJECTING_CODES.contains(code)
                ? ModelException.Kind.REJECTED
                : ModelException.Kind.TRANSIENT;
    return new ModelException(kind, code.isEmpty() ? message : code + ": " + message, null);
  }

}
