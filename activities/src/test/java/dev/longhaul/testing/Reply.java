package dev.longhaul.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One scripted answer of the {@link FakeModelServer}. */
public sealed interface Reply {
  /** A complete stream with these output items (raw JSON), then {@code response.completed}. */
  record Stream(List<String> items, long outputTokens) implements Reply {}

  /** A stream that says nothing for {@code silence} after it starts (the model thinking), then {@code then}. */
  record Silent(Duration silence, Stream then) implements Reply {}

  /** An HTTP error. */
  record Status(int code, String body, Map<String, String> headers) implements Reply {}

  /** A stream that sends these items, then closes without {@code response.completed}. */
  record CutOff(List<String> items) implements Reply {}

  /** A stream that sends its headers, then nothing for {@code silence}. */
  record Hang(Duration silence) implements Reply {}

  /**
   * A stream that is alive but slow: {@code response.created}, then one {@code
   * response.in_progress} event every {@code interval} (each one heartbeats the worker's step) for
   * {@code total}, then it closes without {@code response.completed}.
   */
  record Trickle(Duration interval, Duration total) implements Reply {}

  /** A 200 response whose body is not a Responses stream. */
  record Garbage(String body) implements Reply {}

  /** A stream that fails with {@code response.failed}. */
  record Failed(String code, String message) implements Reply {}

  /**
   * A 200 stream of exactly these events' data, each sent as one server-sent event, and nothing
   * else: for the event shapes the other replies do not make ({@code response.incomplete}, usage
   * with cached and reasoning tokens, …).
   */
  record Events(List<String> data) implements Reply {}
}
