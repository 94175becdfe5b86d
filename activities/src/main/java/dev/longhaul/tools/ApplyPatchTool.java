package dev.longhaul.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.longhaul.contract.CommandInfo;
import dev.longhaul.contract.SandboxMode;
import dev.longhaul.tools.patch.FileOp;
import dev.longhaul.tools.patch.FileOp.AddFile;
import dev.longhaul.tools.patch.FileOp.DeleteFile;
import dev.longhaul.tools.patch.FileOp.UpdateFile;
import dev.longhaul.tools.patch.Patch;
import dev.longhaul.tools.patch.PatchApplier;
import dev.longhaul.tools.patch.PatchException;
import dev.longhaul.tools.patch.PatchParser;
import dev.longhaul.tools.sandbox.SandboxRefusalException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Adds, deletes, moves and edits files with one patch in the apply_patch format, all or nothing.
 */
public final class ApplyPatchTool implements Tool {
  private static final String DESCRIPTION =
      """
Adds, deletes, moves and edits workspace files with one patch. All or nothing: if any \
part fails (a hunk that does not match, a missing file), no file is changed.
Grammar:
  patch  := "*** Begin Patch" NL op+ "*** End Patch"
  op     := add | delete | update
  add    := "*** Add File: " path NL ("+" line NL)*      (the whole new file)
  delete := "*** Delete File: " path NL
  update := "*** Update File: " path NL ["*** Move to: " newpath NL] hunk+
  hunk   := "@@" [" " anchor] NL (" " context | "-" removed | "+" added)+ ["*** End of File" NL]
Paths are relative to the workspace. In a hunk, every line starts with one marker \
character: space for an unchanged line, '-' for a removed one, '+' for an added one. Give \
about 3 unchanged lines before and after each change so the spot is unique; if it still \
is not, put a line that comes before it (such as a class or function header) after @@. \
Hunks must be in file order. "*** End of File" makes a hunk match the file's last lines.
Example:
*** Begin Patch
*** Update File: src/App.java
@@ class App
     void run() {
-        start();
+        start(true);
     }
*** End Patch""";

  private static final JsonNode PARAMETERS = schema();

  /** One file change, computed before anything is written. */
  private record Change(Path target, Path movedFrom, String content, String summary) {
    boolean deletes() {
      return content == null;
    }
  }

  @Override
  public String name() {
    return "apply_patch";
  }

  @Override
  public String description() {
    return DESCRIPTION;
  }

  @Override
  public JsonNode parameters() {
    return PARAMETERS;
  }

  @Override
  public boolean readOnly() {
    return false;
  }

  @Override
  public String summarize(JsonNode arguments) {
    List<FileHeader> files = files(arguments);
    if (files.isEmpty()) return name();
    String more = files.size() > 1 ? " (+" + (files.size() - 1) + " more)" : "";
    return name() + ": " + files.get(0).path() + more;
  }

  /** {@code apply_patch: update a.txt, add b.txt}: which files, not how; never known safe. */
  @Override
  public CommandInfo describeCommand(JsonNode arguments) {
    List<String> files = new ArrayList<>();
    for (FileHeader file : files(arguments)) {
      files.add(file.verb() + " " + file.path() + (file.movedTo() == null ? "" : " (move to " + file.movedTo() + ")"));
    }
    String command = files.isEmpty() ? name() : name() + ": " + String.join(", ", files);
    return new CommandInfo(command, ".", false, null);
  }

  private record FileHeader(String verb, String path, String movedTo) {}

  /** The files a patch names, read from its headers directly, so that even a malformed patch gets a useful label. */
  private static List<FileHeader> files(JsonNode arguments) {
    JsonNode input = arguments == null ? null : arguments.get("input");
    List<FileHeader> files = new ArrayList<>();
    if (input == null || !input.isTextual()) return files;
    for (String line : input.asText().split("\n")) {
      for (String verb : List.of("Add", "Delete", "Update")) {
        String header = "*** " + verb + " File:";
        if (line.startsWith(header)) {
          files.add(new FileHeader(verb.toLowerCase(Locale.ROOT), line.substring(header.length()).strip(), null));
        }
      }
      String move = "*** Move to:";
      if (line.startsWith(move) && !files.isEmpty()) {
        FileHeader last = files.remove(files.size() - 1);
        files.add(new FileHeader(last.verb(), last.path(), line.substring(move.length()).strip()));
      }
    }
    return files;
  }

  @Override
  public ToolOutput execute(JsonNode arguments, ToolContext context) throws ToolException {
    if (context.mode() == SandboxMode.READ_ONLY) {
      throw new SandboxRefusalException(
          "the sandbox is read-only: apply_patch cannot change files in this task.\nNo files were changed.");
    }
    JsonNode input = arguments == null ? null : arguments.get("input");
    if (input == null || !input.isTextual()) {
      throw new ToolException(
          "apply_patch needs the argument \"input\": the patch text.\nNo files were changed.");
    }
    List<Change> changes;
    try {
      changes = plan(PatchParser.parse(input.asText()), context);
    } catch (PatchException | ToolException e) {
      throw new ToolException(e.getMessage() + "\nNo files were changed.", e);
    }
    write(changes, context.workspace());
    StringBuilder text = new StringBuilder("Success. Updated the following files:");
    for (Change change : changes) text.append('\n').append(change.summary());
    return ToolOutput.ok(text.toString());
  }

  /**
   * Checks every operation and computes every new file's text, touching nothing on disk, so that a
   * patch that fails anywhere changes nothing. Each path must lie inside the workspace and appear
   * only once; an added file or move target must not exist yet; a deleted or updated file must
   * exist and be a regular file.
   */
  private List<Change> plan(Patch patch, ToolContext context) throws ToolException, PatchException {
    Workspace workspace = context.workspace();
    Set<Path> claimed = new HashSet<>();
    List<Change> changes = new ArrayList<>();
    for (FileOp op : patch.ops()) {
      context.heartbeat();
      Path path = claim(workspace.resolve(op.path()), op.path(), claimed);
      String shown = workspace.relativize(path);
      if (op instanceof AddFile add) {
        requireAbsent(path, "add", add.path(), workspace);
        changes.add(new Change(path, null, add.contents(), "A " + shown));
      } else if (op instanceof DeleteFile delete) {
        // Deleting a link removes only the link, inside the workspace: allowed.
        if (!Files.isSymbolicLink(path)) requireFile(path, "delete", delete.path());
        changes.add(new Change(path, null, null, "D " + shown));
      } else if (op instanceof UpdateFile update) {
        requireNotLink(path, update.moveTo() == null ? "update" : "move", update.path());
        requireFile(path, "update", update.path());
        String updated =
            PatchApplier.apply(update.path(), read(path, update.path()), update.hunks());
        Path target = update.moveTo() == null ? path : workspace.resolve(update.moveTo());
        if (target.equals(path)) {
          changes.add(new Change(path, null, updated, "M " + shown));
        } else {
          claim(target, update.moveTo(), claimed);
          requireAbsent(target, "move " + update.path() + " to", update.moveTo(), workspace);
          String summary = "M " + workspace.relativize(target) + " (moved from " + shown + ")";
          changes.add(new Change(target, path, updated, summary));
        }
      }
    }
    return changes;
  }

  private static Path claim(Path path, String given, Set<Path> claimed) throws ToolException {
    // Two operations on one file would each be computed from the original and one would be lost.
    if (!claimed.add(path)) {
      throw new ToolException(given + " appears twice in the patch; combine its changes");
    }
    return path;
  }

  /**
   * Refuses to write or move through a symbolic link: a link that resolves inside the workspace
   * here may point outside once moved to another depth, and writing follows it.
   */
  private static void requireNotLink(Path path, String verb, String given) throws ToolException {
    if (Files.isSymbolicLink(path)) {
      throw new ToolException(
          "cannot " + verb + " " + given + ": it is a symbolic link; change the file it points to");
    }
  }

  private static void requireFile(Path path, String verb, String given) throws ToolException {
    if (!Files.exists(path)) {
      throw new ToolException("cannot " + verb + " " + given + ": the file does not exist");
    }
    if (!Files.isRegularFile(path)) {
      throw new ToolException("cannot " + verb + " " + given + ": it is not a regular file");
    }
  }

  private static void requireAbsent(Path path, String verb, String given, Workspace workspace)
      throws ToolException {
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new ToolException("cannot " + verb + " " + given + ": it already exists");
    }
    for (Path parent = path.getParent(); parent != null; parent = parent.getParent()) {
      if (Files.exists(parent) && !Files.isDirectory(parent)) {
        throw new ToolException(
            "cannot " + verb + " " + given + ": " + workspace.relativize(parent) + " is a file");
      }
    }
  }

  private static String read(Path path, String given) throws ToolException {
    try {
      return Files.readString(path);
    } catch (CharacterCodingException e) {
      throw new ToolException("cannot update " + given + ": it is not UTF-8 text");
    } catch (IOException e) {
      throw new ToolException("cannot read " + given + ": " + e.getMessage(), e);
    }
  }

  /** Writes the planned changes; only an I/O failure here can leave the patch half applied. */
  private static void write(List<Change> changes, Workspace workspace) throws ToolException {
    List<String> done = new ArrayList<>();
    for (Change change : changes) {
      try {
        if (change.deletes()) {
          Files.delete(change.target());
        } else {
          Files.createDirectories(change.target().getParent());
          // Moving first keeps the file's permissions, such as an executable bit.
          if (change.movedFrom() != null) Files.move(change.movedFrom(), change.target());
          Files.writeString(change.target(), change.content());
        }
        done.add(change.summary());
      } catch (IOException e) {
        String already =
            done.isEmpty()
                ? "No files were changed."
                : "Already applied: " + String.join(", ", done);
        throw new ToolException(
            "failed to write " + workspace.relativize(change.target()) + ": " + e + "\n" + already,
            e);
      }
    }
  }

  private static JsonNode schema() {
    ObjectNode schema = JsonNodeFactory.instance.objectNode();
    schema.put("type", "object");
    ObjectNode input = schema.putObject("properties").putObject("input");
    input.put("type", "string");
    input.put("description", "The whole patch, from *** Begin Patch to *** End Patch.");
    schema.putArray("required").add("input");
    schema.put("additionalProperties", false);
    return schema;
  }
}
