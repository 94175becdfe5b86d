package dev.longhaul.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import okhttp3.Response;

/** Turns an HTTP error response from the provider into a classified {@link ModelException}. */
public final class HttpErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Error codes in a failed stream that no retry can fix. */
  static final Set<String> REJECTING_CODES =
      Set.of("invalid_request_error", "invalid_api_key", "model_not_found", "invalid_prompt");

  private HttpErrors() {}

  static ModelException classify(Response response) {
    return classify(response, body -> body.contains("context_length_exceeded"));
  }

  /**
   * As {@link #classify(Response)}, for a provider whose servers say "the context is too long" in
   * their own words: {@code overflow} recognises them in the body.
   */
  public static ModelException classify(Response response, java.util.function.Predicate<String> overflow) {
    int status = response.code();
    String body = body(response);
    String message = "HTTP " + status + ": " + providerMessage(response, body);
    if (overflow.test(body)) {
      return new ModelException(ModelException.Kind.CONTEXT_WINDOW_EXCEEDED, message, null);
    }
    return switch (status) {
      case 400, 401, 403, 404, 422 ->
          new ModelException(ModelException.Kind.REJECTED, message, null);
      default -> new ModelException(ModelException.Kind.TRANSIENT, message, retryAfter(response));
    };
  }

  private static String body(Response response) {
    try {
      return response.body() == null ? "" : response.body().string();
    } catch (IOException e) {
      return "";
    }
  }

  /** The provider's own {@code error.message}, or the body itself when it is not JSON. */
  private static String providerMessage(Response response, String body) {
    try {
      JsonNode error = JSON.readTree(body).path("error");
      if (error.path("message").isTextual()) return error.path("message").asText();
    } catch (IOException notJson) {
      // fall through to the raw body
    }
    return body.isBlank() ? response.message() : ModelHttp.clip(body.strip());
  }

  /** {@code retry-after-ms}, or {@code Retry-After} in seconds or as an HTTP date; else null. */
  public static Duration retryAfter(Response response) {
    String millis = response.header("retry-after-ms");
    if (millis != null) {
      try {
        return Duration.ofMillis((long) Double.parseDouble(millis.strip()));
      } catch (NumberFormatException ignored) {
        // try the standard header
      }
    }
    String value = response.header("Retry-After");
    if (value == null) return null;
    try {
      return Duration.ofMillis((long) (Double.parseDouble(value.strip()) * 1000));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(ZonedDateTime.now(), at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (RuntimeException notADate) {
        return null;
      }
    }
  }
}
