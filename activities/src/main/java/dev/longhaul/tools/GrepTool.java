package dev.longhaul.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Searches the workspace's text files for a regular expression, line by line. */
public final class GrepTool implements Tool {
  static final String NAME = "grep";
  static final int MAX_MATCHES = 500;
  static final int MAX_LINE_CHARS = 500;
  static final long MAX_FILE_BYTES = 10L * 1024 * 1024;

  /** Build output and dependencies: large, generated, and rarely what the model is after. */
  static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "node_modules");

  private static final int HEARTBEAT_FILES = 200;

  private static final JsonNode PARAMETERS =
      FileTools.schema(
          """
          {
            "type": "object",
            "properties": {
              "pattern": {
                "type": "string",
                "description": "Java regex, found anywhere in a line; (?i) ignores case."
              },
              "path": {
                "type": "string",
                "description": "File or directory to search; default \\".\\", the workspace root."
              }
            },
            "required": ["pattern"],
            "additionalProperties": false
          }
          """);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Search file contents for a Java regular expression. Directories are searched"
        + " recursively in name order, skipping .git, target and node_modules, binary files and"
        + " files over 10 MB. Each match is shown as path:line_number:line. At most 500 matches"
        + " are shown; narrow the pattern or path if the output says it was limited.";
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
    String label = NAME + ": " + FileTools.label(arguments.path("pattern").asText(""), 80);
    JsonNode path = arguments.path("path");
    return path.isTextual() ? label + " in " + FileTools.label(path.asText(), 120) : label;
  }

  @Override
  public ToolOutput execute(JsonNode arguments, ToolContext context) throws ToolException {
    String regex = FileTools.requiredString(arguments, "pattern", NAME);
    String path = FileTools.optionalString(arguments, "path", ".", NAME);
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new ToolException(
          NAME
              + ": invalid regular expression: "
              + e.getDescription()
              + " at index "
              + e.getIndex(),
          e);
    }
    Path start = FileTools.resolve(context, path, NAME);
    if (!Files.exists(start)) throw new ToolException(NAME + ": " + path + " does not exist");

    Search search = new Search(pattern, context);
    try {
      if (Files.isDirectory(start)) {
        search.directory(start);
      } else {
        // A file named outright that cannot be searched deserves a reason, not "No matches."
        String refusal = refusal(start);
        if (refusal != null) throw new ToolException(NAME + ": " + path + " " + refusal);
        search.file(start);
      }
    } catch (IOException e) {
      throw new ToolException(NAME + ": cannot search " + path + ": " + e.getMessage(), e);
    }
    if (search.matches == 0) return ToolOutput.ok("No matches.");
    if (search.limited) {
      search
          .out
          .append("[... output limited to the first ")
          .append(MAX_MATCHES)
          .append(" matches; narrow the pattern or path to see the rest]");
    } else {
      search.out.setLength(search.out.length() - 1);
    }
    return ToolOutput.ok(search.out.toString());
  }

  /** Why a file is not searched, or null if it is. */
  private static String refusal(Path file) throws IOException {
    if (!Files.isRegularFile(file)) return "is not a regular file";
    if (Files.size(file) > MAX_FILE_BYTES) return "is larger than 10 MB; not searched";
    if (FileTools.hasNul(file)) return "is a binary file; not searched";
    return null;
  }

  /** One search's running state. */
  private static final class Search {
    final Pattern pattern;
    final ToolContext context;
    final StringBuilder out = new StringBuilder();
    int matches;
    int files;
    boolean limited;

    Search(Pattern pattern, ToolContext context) {
      this.pattern = pattern;
      this.context = context;
    }

    void directory(Path dir) throws IOException {
      List<Path> children = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        entries.forEach(children::add);
      } catch (IOException e) {
        return; // an unreadable directory is skipped like a binary file
      }
      children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
      for (Path child : children) {
        if (limited) return;
        // Links are not followed: they could lead out of the workspace or round in a loop.
        if (Files.isSymbolicLink(child)) continue;
        if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
          if (!SKIPPED_DIRECTORIES.contains(child.getFileName().toString())) directory(child);
        } else {
          // Counted before the skips: a tree of only skipped files can take a while too.
          if (++files % HEARTBEAT_FILES == 0) context.heartbeat();
          try {
            if (refusal(child) == null) file(child);
          } catch (IOException e) {
            // vanished or unreadable mid-walk: skipped
          }
        }
      }
    }

    void file(Path file) throws IOException {
      String name = context.workspace().relativize(file);
      // Files are at most 10 MB, so a whole line fits; matching needs all of it.
      try (LineReader lines =
          new LineReader(
              new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8),
              Integer.MAX_VALUE)) {
        Matcher matcher = pattern.matcher("");
        long lineNo = 0;
        LineReader.Line line;
        while ((line = lines.next()) != null) {
          lineNo++;
          if (!matcher.reset(new Cancellable(line.text(), context)).find()) continue;
          if (matches == MAX_MATCHES) {
            limited = true;
            return;
          }
          matches++;
          out.append(name)
              .append(':')
              .append(lineNo)
              .append(':')
              .append(FileTools.cut(line.text(), line.length(), MAX_LINE_CHARS))
              .append('\n');
        }
      }
    }
  }

  /**
   * A line that heartbeats now and then while the regex engine reads it, so that a pattern that
   * backtracks catastrophically can still be cancelled.
   */
  private static final class Cancellable implements CharSequence {
    private static final int HEARTBEAT_READS = 1 << 22;

    private final String text;
    private final ToolContext context;
    private int reads;

    Cancellable(String text, ToolContext context) {
      this.text = text;
      this.context = context;
    }

    @Override
    public char charAt(int index) {
      if (++reads % HEARTBEAT_READS == 0) context.heartbeat();
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
