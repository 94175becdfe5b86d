package dev.longhaul.model;

import java.time.Duration;

/** A model call that failed, classified by what should happen next. */
public class ModelException extends Exception {
  public enum Kind {
    /** 429, 5xx, a network fault, a stream cut off: try again later. */
    TRANSIENT,
    /** The provider refused the request (400, 401, 403, 404): retrying will not help. */
    REJECTED,
    /** The provider answered something that is not a valid response. */
    MALFORMED,
    /** The request does not fit the model's context window. */
    CONTEXT_WINDOW_EXCEEDED,
    /** The provider does not offer what was asked (such as server-side compaction). */
    UNSUPPORTED
  }

  private final Kind kind;
  private final Duration retryAfter;

  public ModelException(Kind kind, String message, Duration retryAfter) {
    super(message);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** How long the provider asked us to wait, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
