package dev.longhaul.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts values out of JSON text without re-serializing them, so that opaque provider items
 * (reasoning with {@code encrypted_content}, compaction) are stored byte for byte as sent.
 */
public final class RawJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private RawJson() {}

  /** The text of the top-level field {@code name}'s object or array value, or null when absent. */
  public static String field(String json, String name) throws IOException {
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals(name)) return cut(json, p);
        p.skipChildren();
      }
      return null;
    }
  }

  /** The text of each element of the array at {@code json}'s top-level field {@code name}. */
  public static List<String> arrayElements(String json, String name) throws IOException {
    String array = field(json, name);
    List<String> elements = new ArrayList<>();
    if (array == null) return elements;
    try (JsonParser p = FACTORY.createParser(array)) {
      if (p.nextToken() != JsonToken.START_ARRAY) return elements;
      while (p.nextToken() != JsonToken.END_ARRAY) elements.add(cut(array, p));
    }
    return elements;
  }

  /**
   * The text of the object or array whose first token the parser is on; leaves the parser on its
   * last token. Only objects and arrays are cut: they are what providers send as items.
   */
  private static String cut(String json, JsonParser p) throws IOException {
    if (!p.currentToken().isStructStart()) {
      throw new IOException("expected an object or array at " + p.currentTokenLocation());
    }
    int start = (int) p.currentTokenLocation().getCharOffset();
    p.skipChildren();
    int end = (int) p.currentTokenLocation().getCharOffset() + 1;
    return json.substring(start, end);
  }
}
