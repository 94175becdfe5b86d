package dev.longhaul.model.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.model.HttpErrors;
import dev.longhaul.model.ModelHttp;
import dev.longhaul.model.ModelException;
import dev.longhaul.model.ModelException.Kind;
import java.io.IOException;
import java.time.Duration;
import okhttp3.Response;

/**
 * Classifies Anthropic's errors, whether an HTTP status with {@code {"type":"error","error":{type,
 * message}}} or an {@code error} event in the middle of a stream.
 *
 * <p>Overloaded (529, {@code overloaded_error}), rate limited (429) and server errors are
 * transient, with the {@code retry-after} Anthropic sends; a prompt longer than the context window
 * ({@code invalid_request_error: prompt is too long}, or 413) is {@link Kind#CONTEXT_WINDOW_EXCEEDED}
 * so the caller compacts; other client errors are rejected with Anthropic's own message.
 */
final class AnthropicErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AnthropicErrors() {}

  static ModelException classify(Response response) {
    String body = body(response);
    String type = "";
    String message = body.isBlank() ? response.message() : ModelHttp.clip(body.strip());
    try {
      JsonNode error = JSON.readTree(body).path("error");
      if (error.path("message").isTextual()) {
        type = error.path("type").asText("");
        message = error.path("message").asText();
      }
    } catch (IOException notJson) {
      // the raw body is the message
    }
    return of(response.code(), type, message, HttpErrors.retryAfter(response));
  }

  /** An {@code error} event of a stream that began well. */
  static ModelException ofEvent(JsonNode event) {
    JsonNode error = event.path("error");
    return of(0, error.path("type").asText(""), error.path("message").asText("the model reported an error"), null);
  }

  private static ModelException of(int status, String type, String message, Duration retryAfter) {
    String text = (status > 0 ? "HTTP " + status + ": " : "") + (type.isEmpty() ? "" : type + ": ") + message;
    if (status == 413 || type.equals("request_too_large") || message.contains("prompt is too long")) {
      return new ModelException(Kind.CONTEXT_WINDOW_EXCEEDED, text, null);
    }
    boolean rejected =
        switch (type) {
          case "invalid_request_error", "authentication_error", "permission_error", "not_found_error" -> true;
          default -> status == 400 || status == 401 || status == 403 || status == 404 || status == 422;
        };
    return new ModelException(rejected ? Kind.REJECTED : Kind.TRANSIENT, text, rejected ? null : retryAfter);
  }

  private static String body(Response response) {
    try {
      return response.body() == null ? "" : response.body().string();
    } catch (IOException e) {
      return "";
    }
  }
}
