package dev.longhaul.activities;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Builds the items Longhaul writes itself, and reads fields out of stored ones. */
final class Items {
  static final ObjectMapper JSON = new ObjectMapper();

  private Items() {}

  static String message(String role, String text) {
    ObjectNode item = JSON.createObjectNode();
    item.put("type", "message");
    item.put("role", role);
    item.putArray("content").addObject().put("type", "input_text").put("text", text);
    return item.toString();
  }

  static String functionCallOutput(String callId, String output) {
    ObjectNode item = JSON.createObjectNode();
    item.put("type", "function_call_output");
    item.put("call_id", callId);
    item.put("output", output);
    return item.toString();
  }

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

  /** The assistant text of a message item: its output_text and refusal parts, joined. */
  static String assistantText(JsonNode item) {
    StringBuilder text = new StringBuilder();
    for (JsonNode part : item.path("content")) {
      if (part.path("text").isTextual()) text.append(part.path("text").asText());
      if (part.path("refusal").isTextual()) text.append("[refused] ").append(part.path("refusal").asText());
    }
    return text.toString();
  }
}
