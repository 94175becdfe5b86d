package dev.longhaul.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import javax.net.SocketFactory;
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
        .socketFactory(new NoDelaySockets())
        .build();
  }

  /**
   * Sockets with Nagle's algorithm off. A request is written in pieces (headers, then a body
   * that grows with the context); with Nagle on, the last small piece waits for the server to
   * acknowledge the one before, and a server that delays its acknowledgements (Linux does, up to
   * 40 ms) holds every step that long: on a local model it was most of a step.
   */
  static final class NoDelaySockets extends SocketFactory {
    private final SocketFactory sockets = SocketFactory.getDefault();

    @Override
    public Socket createSocket() throws IOException {
      return noDelay(sockets.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(sockets.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
      return noDelay(sockets.createSocket(host, port, local, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(sockets.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
      return noDelay(sockets.createSocket(host, port, local, localPort));
    }

    private static Socket noDelay(Socket socket) throws IOException {
      socket.setTcpNoDelay(true);
      return socket;
    }
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

  /** What a provider sent that does not follow its API, as a failure worth a few more attempts. */
  public static ModelException malformed(String what) {
    return new ModelException(ModelException.Kind.MALFORMED, "the model server sent " + what, null);
  }

  /**
   * One streamed event's data as JSON.
   *
   * @param kind what the API calls an event ({@code an event}, {@code a chunk}), for the error
   */
  public static JsonNode event(ObjectMapper json, String data, String kind) throws ModelException {
    try {
      return json.readTree(data);
    } catch (IOException e) {
      throw malformed(kind + " that is not JSON: " + clip(data));
    }
  }

  /** {@code text} cut to 200 characters, for an error message. */
  public static String clip(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
