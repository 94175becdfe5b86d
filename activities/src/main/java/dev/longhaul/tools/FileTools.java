package dev.longhaul.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the read-only file tools share: argument parsing, path checks and text sniffing. */
final class FileTools {
  /** How much of a file's head decides whether it is text, as git does. */
  static final int SNIFF_BYTES = 8192;

  private static final ObjectMapper JSON = new ObjectMapper();

  private FileTools() {}

  static JsonNode schema(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("bad tool schema", e);
    }
  }

  static String requiredString(JsonNode args, String field, String tool) throws ToolException {
    JsonNode node = args == null ? null : args.get(field);
    if (node == null || node.isNull()) {
      throw new ToolException(tool + ": " + field + " is required");
    }
    if (!node.isTextual()) throw new ToolException(tool + ": " + field + " must be a string");
    return node.asText();
  }

  static String optionalString(JsonNode args, String field, String fallback, String tool)
      throws ToolException {
    JsonNode node = args == null ? null : args.get(field);
    if (node == null || node.isNull()) return fallback;
    return requiredString(args, field, tool);
  }

  /** Null when absent. Models sometimes quote numbers, so a numeric string is accepted too. */
  static Integer optionalInt(JsonNode args, String field, String tool) throws ToolException {
    JsonNode node = args == null ? null : args.get(field);
    if (node == null || node.isNull()) return null;
    if (node.isIntegralNumber() && node.canConvertToInt()) return node.intValue();
    if (node.isTextual()) {
      try {
        return Integer.parseInt(node.asText().trim());
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
    }
    throw new ToolException(tool + ": " + field + " must be an integer, not " + node);
  }

  /** Resolves through the workspace, naming the tool in the error so the model sees who refused. */
  static Path resolve(ToolContext context, String path, String tool) throws ToolException {
    try {
      return context.workspace().resolve(path);
    } catch (ToolException e) {
      throw new ToolException(tool + ": " + e.getMessage(), e);
    }
  }

  /** A NUL byte in the file's head: the test git and grep use for binary files. */
  static boolean hasNul(Path file) throws IOException {
    byte[] head = head(file);
    for (byte b : head) {
      if (b == 0) return true;
    }
    return false;
  }

  /**
   * Binary by NUL byte or by a head that is not UTF-8. Only the head is checked, so that whether a
   * file is shown does not depend on which lines were asked for; a stray bad byte further on is
   * shown as U+FFFD instead.
   */
  static boolean looksBinary(Path file) throws IOException {
    byte[] head = head(file);
    for (byte b : head) {
      if (b == 0) return true;
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    boolean wholeFile = head.length < SNIFF_BYTES;
    CharBuffer out = CharBuffer.allocate(head.length + 1);
    // endOfInput false for a cut head: a character split by the cut is not an error.
    CoderResult result = decoder.decode(ByteBuffer.wrap(head), out, wholeFile);
    if (result.isError()) return true;
    return wholeFile && decoder.flush(out).isError();
  }

  private static byte[] head(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(SNIFF_BYTES);
    }
  }

  /** Cuts a long line, saying so, without splitting a surrogate pair. */
  static String cut(String text, long fullLength, int max) {
    if (fullLength <= max && text.length() <= max) return text;
    int end = Math.min(max, text.length());
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) end--;
    return text.substring(0, end) + " [... line cut: " + count(fullLength) + " chars in all]";
  }

  /** Numbers for the model, grouped the same way on every machine. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Keeps a progress label short whatever the model sent. */
  static String label(String text, int max) {
    String oneLine = text.replaceAll("\\s+", " ");
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
  }
}
