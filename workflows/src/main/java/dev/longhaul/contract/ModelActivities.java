package dev.longhaul.contract;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface ModelActivities {
  /** Non-retryable: the provider refused the request (400, 401, 403, 404). */
  String REQUEST_REJECTED = "ModelRequestRejected";

  /** Non-retryable: the request does not fit the context window; compact, then try again. */
  String CONTEXT_WINDOW_EXCEEDED = "ContextWindowExceeded";

  /**
   * Loads the context from the store, streams one response from the model (heartbeating), stores
   * its output items and returns references to them.
   */
  SampleResult sample(SampleRequest request);
}
