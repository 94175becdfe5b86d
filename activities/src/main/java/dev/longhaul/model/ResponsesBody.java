package dev.longhaul.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * A {@link ModelRequest} as the Responses API's body. Field order is fixed and the input items are
 * copied as raw text, so two requests that share a context share their bytes up to where the
 * contexts differ.
 */
final class ResponsesBody {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResponsesBody() {}

  /** The body of {@code POST /responses}. */
  static String sample(ModelRequest request) {
    return body(request, true);
  }

  /**
   * The body of {@code POST /responses/compact}: the same model, instructions and input, without
   * the sampling options that endpoint does not take.
   */
  static String compaction(ModelRequest request) {
    return body(request, false);
  }

  private static String body(ModelRequest request, boolean sampling) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("model", request.model());
      g.writeStringField("instructions", request.instructions());
      if (sampling) writeSamplingOptions(g, request);
      g.writeArrayFieldStart("input");
      for (String item : request.input()) g.writeRawValue(item); // never re-serialized
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void writeSamplingOptions(JsonGenerator g, ModelRequest request) throws IOException {
    g.writeArrayFieldStart("tools");
    for (JsonNode tool : request.tools()) g.writeTree(tool);
    g.writeEndArray();
    g.writeStringField("tool_choice", "auto");
    g.writeBooleanField("parallel_tool_calls", true);
    g.writeBooleanField("store", false);
    g.writeBooleanField("stream", true);
    g.writeArrayFieldStart("include");
    g.writeString("reasoning.encrypted_content");
    g.writeEndArray();
    g.writeStringField("prompt_cache_key", request.cacheKey());
    g.writeObjectFieldStart("reasoning");
    g.writeStringField("summary", "auto");
    g.writeEndObject();
  }
}
