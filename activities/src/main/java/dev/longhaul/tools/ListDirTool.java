package dev.longhaul.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;

/** Lists one directory: names sorted, directories marked, links shown with their targets. */
public final class ListDirTool implements Tool {
  static final String NAME = "list_dir";
  static final int MAX_ENTRIES = 1000;

  private static final int HEARTBEAT_ENTRIES = 10_000;

  private static final JsonNode PARAMETERS =
      FileTools.schema(
          """
          {
            "type": "object",
            "properties": {
              "path": {
                "type": "string",
                "description": "Directory to list, relative to the workspace; \\".\\" is the root."
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
    return "List a directory of the workspace (not recursive). Entries are sorted by name;"
        + " directories end with \"/\", symbolic links show as \"name -> target\", files show"
        + " their size in bytes. At most 1000 entries are shown.";
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
    return NAME + ": " + FileTools.label(arguments.path("path").asText("."), 120);
  }

  @Override
  public ToolOutput execute(JsonNode arguments, ToolContext context) throws ToolException {
    String path = FileTools.requiredString(arguments, "path", NAME);
    Path dir = FileTools.resolve(context, path, NAME);
    if (!Files.exists(dir)) throw new ToolException(NAME + ": " + path + " does not exist");
    if (!Files.isDirectory(dir)) {
      throw new ToolException(NAME + ": " + path + " is not a directory; use read_file to see it");
    }
    try {
      return list(dir, context);
    } catch (NoSuchFileException e) {
      throw new ToolException(NAME + ": " + path + " does not exist");
    } catch (IOException e) {
      throw new ToolException(NAME + ": cannot list " + path + ": " + e.getMessage(), e);
    }
  }

  private static ToolOutput list(Path dir, ToolContext context) throws IOException {
    // Only the first MAX_ENTRIES names by order are kept, so a directory of millions of files
    // costs a bounded heap: the largest kept name is evicted whenever a smaller one arrives.
    PriorityQueue<String> kept = new PriorityQueue<>(Collections.reverseOrder());
    long total = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        total++;
        if (total % HEARTBEAT_ENTRIES == 0) context.heartbeat();
        kept.add(entry.getFileName().toString());
        if (kept.size() > MAX_ENTRIES) kept.poll();
      }
    }
    if (total == 0) return ToolOutput.ok("[empty directory]");
    List<String> names = new ArrayList<>(kept);
    Collections.sort(names);
    StringBuilder out = new StringBuilder();
    for (String name : names) {
      out.append(describe(dir.resolve(name), name)).append('\n');
    }
    if (total > names.size()) {
      out.append("[... ")
          .append(FileTools.count(total - names.size()))
          .append(" more entries not shown; ")
          .append(FileTools.count(total))
          .append(" in all]");
    } else {
      out.setLength(out.length() - 1);
    }
    return ToolOutput.ok(out.toString());
  }

  private static String describe(Path entry, String name) {
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      // A link is shown, never followed: its target may lie outside the workspace.
      if (attributes.isSymbolicLink()) return name + " -> " + Files.readSymbolicLink(entry);
      if (attributes.isDirectory()) return name + "/";
      return name + " (" + FileTools.count(attributes.size()) + " bytes)";
    } catch (IOException e) {
      // Removed or unreadable since it was listed; still worth naming.
      return name + " (unreadable)";
    }
  }
}
