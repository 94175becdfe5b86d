package dev.longhaul.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.model.ModelConfig;
import dev.longhaul.model.ProviderId;
import dev.longhaul.model.ProviderSettings;
import dev.longhaul.testing.FakeChatServer;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.worker.LonghaulWorker.WorkerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reading the Chat Completions requests a task sent, and a worker whose default is that API. */
final class ChatRequests {
  static final String MODEL = "chat-model";

  private ChatRequests() {}

  /**
   * {@code defaults} with the chat server reachable at {@code chat} as the default provider, and the
   * harness's Responses fake still reachable (a task may switch between them).
   */
  static WorkerSettings chatByDefault(WorkerSettings defaults, FakeChatServer chat, Duration idleTimeout) {
    ModelConfig responses = defaults.providers().config(ProviderId.OPENAI_RESPONSES);
    return defaults.withProviders(ProviderSettings.only(ProviderId.OPENAI_RESPONSES, responses)
        .with(ProviderId.OPENAI_CHAT, new ModelConfig(chat.baseUrl(), "sk-test-secret", MODEL, idleTimeout))
        .withDefault(ProviderId.OPENAI_CHAT));
  }

  static List<JsonNode> messages(RecordedRequest request) {
    List<JsonNode> messages = new ArrayList<>();
    request.body().path("messages").forEach(messages::add);
    return messages;
  }

  /** The contents of the user's own messages (not Longhaul's notes), in order. */
  static List<String> userMessages(RecordedRequest request) {
    return messages(request).stream()
        .filter(m -> m.path("role").asText().equals("user") && !m.has("name"))
        .map(m -> m.path("content").asText())
        .toList();
  }

  static List<JsonNode> toolMessages(RecordedRequest request) {
    return messages(request).stream().filter(m -> m.path("role").asText().equals("tool")).toList();
  }

  static String outputOfLastCall(RecordedRequest request) {
    List<JsonNode> outputs = toolMessages(request);
    return outputs.get(outputs.size() - 1).path("content").asText();
  }

  /**
   * Every tool call is answered by exactly one tool message, right after its assistant message
   * (before any other message), as the API requires.
   */
  static void assertEveryCallAnsweredOnce(RecordedRequest request) {
    List<JsonNode> messages = messages(request);
    Map<String, Integer> expected = new HashMap<>();
    Map<String, Integer> answered = new HashMap<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      for (JsonNode call : message.path("tool_calls")) {
        expected.merge(call.path("id").asText(), 1, Integer::sum);
        int j = i + 1;
        for (; j < messages.size() && messages.get(j).path("role").asText().equals("tool"); j++) {
          if (messages.get(j).path("tool_call_id").asText().equals(call.path("id").asText())) {
            answered.merge(call.path("id").asText(), 1, Integer::sum);
          }
        }
      }
    }
    assertEquals(expected, answered, "calls and their outputs in " + request.rawBody());
    long outputs = messages.stream().filter(m -> m.path("role").asText().equals("tool")).count();
    assertEquals(expected.values().stream().mapToLong(Integer::longValue).sum(), outputs,
        "tool messages that answer no call in " + request.rawBody());
  }

  /** The request's body up to the end of its messages, less the brackets that close it. */
  static String prefix(RecordedRequest request) {
    String raw = request.rawBody();
    return raw.substring(0, raw.length() - 2);
  }
}
