package dev.longhaul.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Shows a range of a text file's lines, numbered, without holding more than that range. */
public final class ReadFileTool implements Tool {
  static final String NAME = "read_file";
  static final int MAX_LINES = 2000;
  static final int MAX_LINE_CHARS = 2000;

  /** Counting the lines after the shown range of a huge file takes a while; stay cancellable. */
  private static final int HEARTBEAT_LINES = 100_000;

  private static final JsonNode PARAMETERS =
      FileTools.schema(
          """
          {
            "type": "object",
            "properties": {
              "path": {
                "type": "string",
                "description": "File to read, relative to the workspace root."
              },
              "start_line": {
                "type": "integer",
                "minimum": 1,
                "description": "First line to show, 1-based. Default 1."
              },
              "end_line": {
                "type": "integer",
                "minimum": 1,
                "description": "Last line to show, inclusive. Default: start_line + 1999."
              }
            },
            "required": ["path"],
            "additionalProperties": false
          }
          """);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Read a text file from the workspace. Each line is shown as its 1-based line number, a"
        + " tab, then the line. At most 2000 lines are shown per call; use start_line and end_line"
        + " to read a long file in parts. Lines longer than 2000 characters are cut. Binary files"
        + " are refused.";
  }

  @Override
  public JsonNode parameters() {
    return PARAMETERS.deepCopy();
  }

  @Override
  public boolean readOnly() {
    return true;
  }

  @Override
  public String summarize(JsonNode arguments) {
    if (arguments == null) return NAME;
    String path = FileTools.label(arguments.path("path").asText(""), 120);
    JsonNode start = arguments.path("start_line");
    JsonNode end = arguments.path("end_line");
    if (start.isMissingNode() && end.isMissingNode()) return NAME + ": " + path;
    String from = start.isMissingNode() ? "1" : start.asText();
    String to = end.isMissingNode() ? "" : end.asText();
    return NAME + ": " + path + " lines " + from + "-" + to;
  }

  @Override
  public ToolOutput execute(JsonNode arguments, ToolContext context) throws ToolException {
    String path = FileTools.requiredString(arguments, "path", NAME);
    Integer start = FileTools.optionalInt(arguments, "start_line", NAME);
    Integer end = FileTools.optionalInt(arguments, "end_line", NAME);
    int first = start == null ? 1 : start;
    if (first < 1) throw new ToolException(NAME + ": start_line must be 1 or more, not " + first);
    if (end != null && end < first) {
      throw new ToolException(
          NAME + ": end_line " + end + " is before start_line " + first + "; nothing to show");
    }
    // Requests for more than MAX_LINES are shortened; the closing note says where to go on.
    long last = Math.min(end == null ? Long.MAX_VALUE : end, first + (long) MAX_LINES - 1);

    Path file = FileTools.resolve(context, path, NAME);
    if (Files.isDirectory(file)) {
      throw new ToolException(NAME + ": " + path + " is a directory; use list_dir to see it");
    }
    if (!Files.exists(file)) throw new ToolException(NAME + ": " + path + " does not exist");
    if (!Files.isRegularFile(file)) {
      throw new ToolException(NAME + ": " + path + " is not a regular file");
    }
    try {
      if (FileTools.looksBinary(file)) {
        throw new ToolException(
            NAME
                + ": "
                + path
                + " is a binary file ("
                + FileTools.count(Files.size(file))
                + " bytes); not shown");
      }
      return read(file, path, first, last, context);
    } catch (NoSuchFileException e) {
      throw new ToolException(NAME + ": " + path + " does not exist");
    } catch (IOException e) {
      throw new ToolException(NAME + ": cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static ToolOutput read(Path file, String path, int first, long last, ToolContext context)
      throws IOException, ToolException {
    StringBuilder out = new StringBuilder();
    long lineNo = 0;
    try (LineReader lines =
        new LineReader(
            new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8),
            MAX_LINE_CHARS)) {
      LineReader.Line line;
      while ((line = lines.next()) != null) {
        lineNo++;
        if (lineNo % HEARTBEAT_LINES == 0) context.heartbeat();
        if (lineNo < first || lineNo > last) continue;
        out.append(lineNo)
            .append('\t')
            .append(FileTools.cut(line.text(), line.length(), MAX_LINE_CHARS))
            .append('\n');
      }
    }
    if (lineNo == 0 && first == 1) return ToolOutput.ok("[" + path + " is empty]");
    if (first > lineNo) {
      throw new ToolException(
          NAME
              + ": start_line "
              + first
              + " is past the end of "
              + path
              + ", which has "
              + FileTools.count(lineNo)
              + " lines");
    }
    if (lineNo > last) {
      out.append("[... file continues: ")
          .append(FileTools.count(lineNo))
          .append(" lines in all; read more with start_line=")
          .append(last + 1)
          .append(']');
    } else {
      out.setLength(out.length() - 1); // the last line's newline
    }
    return ToolOutput.ok(out.toString());
  }
}
