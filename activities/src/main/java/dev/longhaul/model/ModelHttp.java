package dev.longhaul.model;

import java.io.IOException;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** The HTTP client every provider uses, and how a call is started so that it can be cancelled. */
public final class ModelHttp {
  private ModelHttp() {}

  /**
   * A client for one provider (its connection pool). The read timeout is the stream's idle
   * timeout: it bounds the wait for each next byte, not the whole response, which may stream for
   * many minutes.
   */
  public static OkHttpClient client(ModelConfig config) {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(30))
        .writeTimeout(Duration.ofSeconds(60))
        .readTimeout(config.streamIdleTimeout())
        .build();
  }

  /** Starts the call, first handing the caller its cancel: every endpoint is cancellable alike. */
  public static Response execute(OkHttpClient http, Request request, CallHooks hooks) throws IOException {
    Call call = http.newCall(request);
    hooks.cancellation().accept(call::cancel);
    return call.execute();
  }
}
