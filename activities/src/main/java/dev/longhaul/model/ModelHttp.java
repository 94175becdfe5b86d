package dev.longhaul.model;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The HTTP every provider's client shares: its connection pool's timeouts, a call that can be cancelled, and how a broken stream is reported. */
public final class ModelHttp {
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private ModelHttp() {}

  /**
   * A client whose read timeout is the stream's idle timeout: it bounds the wait for each next
   * byte, not the whole response, which may stream for many minutes.
   */
  public static OkHttpClient client(ModelConfig config) {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(30))
        .writeTimeout(Duration.ofSeconds(60))
        .readTimeout(config.streamIdleTimeout())
        .build();
  }

  /** A POST of a JSON body to {@code path} under the base URL, with the key as a bearer token when there is one. */
  public static Request.Builder post(ModelConfig config, String path, String json) {
    Request.Builder request = new Request.Builder()
        .url(config.baseUrl().replaceAll("/+$", "") + path)
        .post(RequestBody.create(json, JSON_TYPE));
    if (config.apiKey() != null) request.header("Authorization", "Bearer " + config.apiKey());
    return request;
  }

  /** Starts the call, first handing the caller its cancel: an interrupt closes the connection. */
  public static Response execute(OkHttpClient http, Request request, CallHooks hooks) throws IOException {
    okhttp3.Call call = http.newCall(request);
    hooks.cancellation().accept(call::cancel);
    return call.execute();
  }

  /** A stream that broke off, silent too long or by a network fault: worth another attempt. */
  public static ModelException streamFailure(IOException e) {
    return e instanceof InterruptedIOException
        ? new ModelException(
            ModelException.Kind.TRANSIENT, "the model stream was idle too long: " + e.getMessage(), null)
        : new ModelException(ModelException.Kind.TRANSIENT, "network error talking to the model: " + e, null);
  }

  /** {@code text} cut to 200 characters, for an error message. */
  public static String clip(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
