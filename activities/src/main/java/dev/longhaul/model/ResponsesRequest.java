package dev.longhaul.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One request to the Responses API.
 *
 * @param input the context items, raw JSON written into the body unchanged
 * @param tools function tool definitions, in the fixed order they are sent
 * @param promptCacheKey routes requests of one task to the same prefix cache
 */
public record ResponsesRequest(
    String model,
    String instructions,
    List<String> input,
    List<JsonNode> tools,
    String promptCacheKey) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The request body. Field order is fixed and the input items are copied as raw text, so two
   * requests that share a context share their bytes up to where the contexts differ.
   */
  public String toJson() {
    return body(true);
  }

  /**
   * The body of {@code POST /responses/compact}: the same model, instructions and input, without
   * the sampling options that endpoint does not take.
   */
  public String toCompactionJson() {
    return body(false);
  }

  private String body(boolean sampling) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = new JsonFactory(JSON).createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("model", model);
      g.writeStringField("instructions", instructions);
      if (sampling) writeSamplingOptions(g);
      g.writeArrayFieldStart("input");
      for (String item : input) g.writeRawValue(item); // never re-serialized
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private void writeSamplingOptions(JsonGenerator g) throws IOException {
    g.writeArrayFieldStart("tools");
    for (JsonNode tool : tools) g.writeTree(tool);
    g.writeEndArray();
    g.writeStringField("tool_choice", "auto");
    g.writeBooleanField("parallel_tool_calls", true);
    g.writeBooleanField("store", false);
    g.writeBooleanField("stream", true);
    g.writeArrayFieldStart("include");
    g.writeString("reasoning.encrypted_content");
    g.writeEndArray();
    g.writeStringField("prompt_cache_key", promptCacheKey);
    g.writeObjectFieldStart("reasoning");
    g.writeStringField("summary", "auto");
    g.writeEndObject();
  }

  /** The same request with {@code items} added at the end of its input (notes, a summary prompt). */
  public ResponsesRequest withAppended(List<String> items) {
    if (items.isEmpty()) return this;
    List<String> longer = new java.util.ArrayList<>(input);
    longer.addAll(items);
    return new ResponsesRequest(model, instructions, List.copyOf(longer), tools, promptCacheKey);
  }
}
