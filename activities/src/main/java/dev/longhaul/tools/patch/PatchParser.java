package dev.longhaul.tools.patch;

import dev.longhaul.tools.patch.FileOp.AddFile;
import dev.longhaul.tools.patch.FileOp.DeleteFile;
import dev.longhaul.tools.patch.FileOp.UpdateFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the apply_patch format (the one OpenAI's Codex uses). Only the text is checked here;
 * whether the files exist and the hunks match is for the caller.
 *
 * <pre>
 * patch  := "*** Begin Patch" NL op+ "*** End Patch" NL?
 * op     := add | delete | update
 * add    := "*** Add File: " path NL ("+" line NL)*
 * delete := "*** Delete File: " path NL
 * update := "*** Update File: " path NL ("*** Move to: " path NL)? hunk*
 * hunk   := ("@@" (" " context)? NL)? (" " | "-" | "+") line NL ... ("*** End of File" NL)?
 * </pre>
 */
public final class PatchParser {
  private static final String BEGIN = "*** Begin Patch";
  private static final String END = "*** End Patch";
  private static final String ADD = "*** Add File:";
  private static final String DELETE = "*** Delete File:";
  private static final String UPDATE = "*** Update File:";
  private static final String MOVE = "*** Move to:";
  private static final String END_OF_FILE = "*** End of File";
  private static final String HUNK = "@@";

  private final List<String> lines;
  private final int end;
  private int pos;

  private PatchParser(List<String> lines, int start, int end) {
    this.lines = lines;
    this.pos = start;
    this.end = end;
  }

  /**
   * Parses a whole patch. The input must start with {@code *** Begin Patch} and end with {@code ***
   * End Patch}; blank lines around them are ignored, and so are carriage returns at line ends.
   * Every other line must belong to a file section, and every error names its line number.
   */
  public static Patch parse(String input) throws PatchException {
    if (input == null || input.isBlank()) {
      throw new PatchException("the patch is empty; it must start with '" + BEGIN + "'");
    }
    List<String> lines = new ArrayList<>();
    for (String line : input.split("\n", -1)) {
      lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
    int first = 0;
    while (lines.get(first).isBlank()) first++;
    int last = lines.size() - 1;
    while (lines.get(last).isBlank()) last--;
    if (!lines.get(first).strip().equals(BEGIN)) {
      throw PatchException.atLine(first + 1, "the patch must start with '" + BEGIN + "'");
    }
    if (last == first || !lines.get(last).strip().equals(END)) {
      throw PatchException.atLine(last + 1, "the patch must end with '" + END + "'");
    }
    return new PatchParser(lines, first + 1, last).ops();
  }

  private Patch ops() throws PatchException {
    List<FileOp> ops = new ArrayList<>();
    while (pos < end) {
      String line = lines.get(pos);
      if (line.isBlank()) {
        pos++; // blank lines between file sections carry nothing
      } else if (line.startsWith(ADD)) {
        ops.add(add());
      } else if (line.startsWith(DELETE)) {
        ops.add(new DeleteFile(pathAfter(DELETE)));
        pos++;
      } else if (line.startsWith(UPDATE)) {
        ops.add(update());
      } else {
        throw PatchException.atLine(
            pos + 1,
            "expected '"
                + ADD
                + " path', '"
                + DELETE
                + " path' or '"
                + UPDATE
                + " path', found '"
                + line
                + "'");
      }
    }
    if (ops.isEmpty()) throw PatchException.atLine(end + 1, "the patch changes no files");
    return new Patch(ops);
  }

  private AddFile add() throws PatchException {
    String path = pathAfter(ADD);
    pos++;
    List<String> content = new ArrayList<>();
    while (pos < end && !lines.get(pos).startsWith("***")) {
      String line = lines.get(pos);
      if (line.isBlank() && onlyBlankUntilNextSection(pos)) break;
      if (!line.startsWith("+")) {
        throw PatchException.atLine(
            pos + 1,
            "every line of an added file must start with '+' (a lone '+' for an empty line),"
                + " found '"
                + line
                + "'");
      }
      content.add(line.substring(1));
      pos++;
    }
    return new AddFile(path, content.isEmpty() ? "" : String.join("\n", content) + "\n");
  }

  private UpdateFile update() throws PatchException {
    int headerLine = pos + 1;
    String path = pathAfter(UPDATE);
    pos++;
    String moveTo = null;
    if (pos < end && lines.get(pos).startsWith(MOVE)) {
      moveTo = pathAfter(MOVE);
      pos++;
    }
    List<Hunk> hunks = new ArrayList<>();
    while (true) {
      while (pos < end && lines.get(pos).isEmpty()) pos++;
      if (pos == end || lines.get(pos).startsWith("***")) break;
      hunks.add(hunk(hunks.isEmpty()));
    }
    if (hunks.isEmpty() && moveTo == null) {
      throw PatchException.atLine(headerLine, "'" + UPDATE + " " + path + "' has no hunks");
    }
    return new UpdateFile(path, moveTo, hunks);
  }

  /**
   * Reads one hunk. Only the first hunk of a file may leave out its {@code @@} line. An empty line
   * counts as an empty context line, except at the end of a hunk, where it more likely separates
   * sections than asks for a blank line in the file.
   */
  private Hunk hunk(boolean first) throws PatchException {
    int start = pos + 1;
    String context = null;
    if (lines.get(pos).startsWith(HUNK)) {
      String text = lines.get(pos).substring(HUNK.length()).strip();
      context = text.isEmpty() ? null : text;
      pos++;
    } else if (!first) {
      throw PatchException.atLine(pos + 1, "expected '@@' to start the next hunk");
    }
    List<Hunk.Line> body = new ArrayList<>();
    int trailingEmpty = 0;
    boolean endOfFile = false;
    while (pos < end) {
      String line = lines.get(pos);
      if (line.strip().equals(END_OF_FILE)) {
        endOfFile = true;
        pos++;
        break;
      }
      if (line.startsWith(HUNK) || line.startsWith("***")) break;
      if (line.isEmpty()) {
        body.add(Hunk.Line.context(""));
        trailingEmpty++;
      } else {
        body.add(hunkLine(line));
        trailingEmpty = 0;
      }
      pos++;
    }
    if (!endOfFile) body = body.subList(0, body.size() - trailingEmpty);
    if (body.isEmpty()) throw PatchException.atLine(start, "the hunk has no lines");
    return new Hunk(context, body, endOfFile);
  }

  private Hunk.Line hunkLine(String line) throws PatchException {
    String text = line.substring(1);
    switch (line.charAt(0)) {
      case ' ':
        return Hunk.Line.context(text);
      case '-':
        return Hunk.Line.remove(text);
      case '+':
        return Hunk.Line.add(text);
      default:
        throw PatchException.atLine(
            pos + 1,
            "a hunk line must start with ' ' (context), '-' (remove) or '+' (add), found '"
                + line
                + "'");
    }
  }

  private boolean onlyBlankUntilNextSection(int from) {
    int i = from;
    while (i < end && lines.get(i).isBlank()) i++;
    return i == end || lines.get(i).startsWith("***");
  }

  private String pathAfter(String header) throws PatchException {
    String path = lines.get(pos).substring(header.length()).strip();
    if (path.isEmpty()) throw PatchException.atLine(pos + 1, "'" + header + "' needs a path");
    return path;
  }
}
