package dev.longhaul.activities;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Parses stored items, and writes them on behalf of the task's own workflow run. */
final class Items {
  static final ObjectMapper JSON = new ObjectMapper();

  private Items() {}

  /**
   * The workflow run the current activity works for, as the writer of what it stores for {@code
   * taskId}: an attempt of an earlier run must not replace what a later run wrote (see {@code
   * ItemStore.replaceFrom}). Null, claiming nothing, for an activity called outside the task's own
   * workflow, whose id is the task id.
   */
  static String writer(String taskId) {
    var info = io.temporal.activity.Activity.getExecutionContext().getInfo();
    return taskId.equals(info.getWorkflowId()) ? info.getWorkflowRunId() : null;
  }

  /** Runs a store write; a write refused as superseded fails the attempt for good. */
  static void write(Runnable write) {
    try {
      write.run();
    } catch (dev.longhaul.store.SupersededException e) {
      throw dev.longhaul.contract.FailureType.SUPERSEDED.failure(e.getMessage());
    }
  }

  static JsonNode parse(String raw) {
    try {
      return JSON.readTree(raw);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored item is not JSON", e);
    }
  }
}
