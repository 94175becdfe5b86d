package dev.longhaul.model.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.longhaul.contract.Usage;
import dev.longhaul.model.ModelException;
import dev.longhaul.model.ModelHttp;
import dev.longhaul.model.ModelException.Kind;
import dev.longhaul.model.ModelResponse;
import dev.longhaul.model.RawJson;
import dev.longhaul.model.ServerSentEvents;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import okio.BufferedSource;

/**
 * Reads a streamed Messages response into its content blocks, usage and stop reason.
 *
 * <p>Each block is assembled from its {@code content_block_start} and deltas: {@code text_delta},
 * {@code input_json_delta} (the tool input's JSON, in pieces), {@code thinking_delta}, {@code
 * signature_delta}, {@code citations_delta}, {@code compaction_delta}. A block that arrived whole
 * in its start event (such as {@code redacted_thinking}) is kept as the very text Anthropic sent.
 * {@code ping} is a keep-alive; an {@code error} event fails the call as its type says; a stream
 * that ends before {@code message_stop} is transient.
 */
final class MessagesStream {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Stop reasons of a complete answer; any other (such as {@code max_tokens}) is an incomplete one. */
  private static final Set<String> COMPLETE = Set.of("end_turn", "tool_use", "stop_sequence", "compaction");

  /** One block being assembled. */
  private static final class Block {
    final String startRaw;
    final ObjectNode node;
    final StringBuilder inputJson = new StringBuilder();
    boolean changed;

    Block(String startRaw, ObjectNode node) {
      this.startRaw = startRaw;
      this.node = node;
    }

    String finish() throws ModelException {
      if (!changed) return startRaw;
      if (!inputJson.isEmpty()) {
        try {
          node.set("input", JSON.readTree(inputJson.toString()));
        } catch (IOException e) {
          throw ModelHttp.malformed("tool input that is not JSON: " + ModelHttp.clip(inputJson.toString()));
        }
      }
      return node.toString();
    }
  }

  private final TreeMap<Integer, Block> open = new TreeMap<>();
  private final TreeMap<Integer, String> done = new TreeMap<>();
  private JsonNode usage = JSON.createObjectNode();
  private String stopReason;

  private MessagesStream() {}

  static ModelResponse read(BufferedSource source, Runnable onEvent) throws IOException, ModelException {
    MessagesStream stream = new MessagesStream();
    ServerSentEvents events = new ServerSentEvents(source);
    String data;
    while ((data = events.next()) != null) {
      onEvent.run();
      if (stream.accept(data)) return stream.response();
    }
    throw new ModelException(Kind.TRANSIENT, "the model stream ended before message_stop", null);
  }

  /** Takes one event; true once the message is complete. */
  private boolean accept(String data) throws IOException, ModelException {
    JsonNode event = ModelHttp.event(JSON, data, "an event");
    switch (event.path("type").asText()) {
      case "message_start" -> mergeUsage(event.path("message").path("usage"));
      case "content_block_start" -> start(data, event);
      case "content_block_delta" -> delta(event);
      case "content_block_stop" -> stop(event.path("index").asInt());
      case "message_delta" -> {
        if (event.path("delta").hasNonNull("stop_reason")) stopReason = event.path("delta").path("stop_reason").asText();
        mergeUsage(event.path("usage"));
      }
      case "message_stop" -> {
        return true;
      }
      case "error" -> throw AnthropicErrors.ofEvent(event);
      case "ping" -> {}
      case "" -> throw ModelHttp.malformed("an event without a type: " + ModelHttp.clip(data));
      default -> {} // new event types: nothing Longhaul keeps
    }
    return false;
  }

  private void start(String data, JsonNode event) throws IOException, ModelException {
    String raw = RawJson.field(data, "content_block");
    if (raw == null || !event.path("content_block").isObject()) throw ModelHttp.malformed("content_block_start without its block");
    open.put(event.path("index").asInt(), new Block(raw, (ObjectNode) event.path("content_block").deepCopy()));
  }

  private void delta(JsonNode event) throws ModelException {
    Block block = open.get(event.path("index").asInt());
    if (block == null) throw ModelHttp.malformed("a delta for a block that never started");
    JsonNode delta = event.path("delta");
    block.changed = true;
    switch (delta.path("type").asText()) {
      case "text_delta" -> append(block.node, "text", delta.path("text").asText());
      case "thinking_delta" -> append(block.node, "thinking", delta.path("thinking").asText());
      case "signature_delta" -> block.node.put("signature", delta.path("signature").asText());
      case "input_json_delta" -> block.inputJson.append(delta.path("partial_json").asText());
      case "compaction_delta" -> append(block.node, "content", delta.path("content").asText());
      case "citations_delta" -> block.node.withArray("citations").add(delta.path("citation"));
      default -> {} // a delta Longhaul does not know changes nothing it keeps
    }
  }

  private static void append(ObjectNode node, String field, String more) {
    node.put(field, node.path(field).asText("") + more);
  }

  private void stop(int index) throws ModelException {
    Block block = open.remove(index);
    if (block == null) throw ModelHttp.malformed("content_block_stop for a block that never started");
    done.put(index, block.finish());
  }

  /** Anthropic's usage is cumulative: a later event's field replaces an earlier one's. */
  private void mergeUsage(JsonNode more) {
    if (!more.isObject()) return;
    ObjectNode merged = ((ObjectNode) usage).deepCopy();
    more.fields().forEachRemaining(e -> {
      if (!e.getValue().isNull()) merged.set(e.getKey(), e.getValue());
    });
    usage = merged;
  }

  private ModelResponse response() throws ModelException {
    for (Integer index : List.copyOf(open.keySet())) stop(index);
    List<String> items = new ArrayList<>(done.values());
    String incomplete = stopReason == null || COMPLETE.contains(stopReason) ? null : stopReason;
    return new ModelResponse(items, usage(usage), incomplete);
  }

  /**
   * Anthropic counts three kinds of input apart; Longhaul's input is their sum: {@code
   * input_tokens} (after the last breakpoint) plus those read from the cache plus those written
   * to it.
   */
  static Usage usage(JsonNode usage) {
    long uncached = usage.path("input_tokens").asLong();
    long read = usage.path("cache_read_input_tokens").asLong();
    long written = usage.path("cache_creation_input_tokens").asLong();
    return new Usage(uncached + read + written, read, usage.path("output_tokens").asLong(), 0, written);
  }

}
