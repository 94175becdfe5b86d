package dev.longhaul.contract;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface ModelActivities {
  /**
   * Loads the context from the store, streams one response from the model (heartbeating), stores
   * its output items and returns references to them.
   */
  SampleResult sample(SampleRequest request);
}
