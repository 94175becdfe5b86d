package dev.longhaul.tools.patch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/** Applies an update's hunks to a file's text. Pure: no files are read or written here. */
public final class PatchApplier {
  /**
   * How strictly a hunk's lines must equal the file's, strictest first. Models often get
   * indentation or trailing spaces slightly wrong while meaning the right lines.
   */
  private static final List<UnaryOperator<String>> STRICTNESS =
      List.of(s -> s, String::stripTrailing, String::strip);

  private PatchApplier() {}

  /**
   * Computes the file's new text. The rules:
   *
   * <ul>
   *   <li>Hunks apply in order; each one's old lines (context and removed) are searched for from
   *       where the previous hunk ended, so hunks must be in file order.
   *   <li>A hunk with an {@code @@ context} header is searched for from the first line that equals
   *       the context once both are trimmed.
   *   <li>A hunk marked {@code *** End of File} must match the last lines of the file.
   *   <li>Lines are compared exactly first, then ignoring trailing whitespace, then ignoring
   *       leading and trailing whitespace.
   *   <li>A hunk with no old lines inserts after its context line, or else at the end of the file.
   *   <li>Lines the hunks do not touch, including matched context lines, are kept as the file had
   *       them, and so are its line endings and whether it ends with a newline.
   * </ul>
   *
   * @param path the file's name, for error messages only
   * @throws PatchException naming the hunk that does not match and the lines it looked for
   */
  public static String apply(String path, String original, List<Hunk> hunks) throws PatchException {
    // An empty file has no last line to lack a newline, so new lines get the usual one.
    boolean endsWithNewline = original.isEmpty() || original.endsWith("\n");
    List<String> lines = lines(original);
    // Files written with CRLF keep it on added lines; the \r stays part of each file line.
    String addedSuffix = !lines.isEmpty() && lines.get(0).endsWith("\r") ? "\r" : "";
    List<String> out = new ArrayList<>();
    int cursor = 0;
    for (int h = 0; h < hunks.size(); h++) {
      Hunk hunk = hunks.get(h);
      int from = cursor;
      if (hunk.context() != null) {
        from = indexOfContext(lines, hunk.context(), cursor);
        if (from < 0) {
          throw new PatchException(
              name(path, h, hunk)
                  + " did not match: no line '"
                  + hunk.context()
                  + "' found"
                  + (cursor > 0 ? " after the previous hunk" : ""));
        }
      }
      List<String> old = hunk.oldLines();
      int start;
      if (old.isEmpty()) {
        start = hunk.context() != null ? from + 1 : lines.size();
      } else {
        // The search starts at the context line itself, not after it, because models often
        // repeat the header line as the hunk's first context line.
        start = locate(lines, old, from, hunk.endOfFile());
        if (start < 0) throw mismatch(path, h, hunk, lines, from);
      }
      out.addAll(lines.subList(cursor, start));
      int next = start;
      for (Hunk.Line line : hunk.lines()) {
        switch (line.kind()) {
          case CONTEXT -> out.add(lines.get(next++));
          case REMOVE -> next++;
          case ADD -> out.add(line.text() + addedSuffix);
        }
      }
      cursor = next;
    }
    out.addAll(lines.subList(cursor, lines.size()));
    if (out.isEmpty()) return "";
    return String.join("\n", out) + (endsWithNewline ? "\n" : "");
  }

  /** The file's lines, without the empty string that would follow a final newline. */
  private static List<String> lines(String text) {
    if (text.isEmpty()) return List.of();
    String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    return Arrays.asList(body.split("\n", -1));
  }

  private static int indexOfContext(List<String> lines, String context, int from) {
    String wanted = context.strip();
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(wanted)) return i;
    }
    return -1;
  }

  /**
   * Where {@code old} first occurs at or after {@code from}, at the strictest level that finds it.
   */
  private static int locate(List<String> lines, List<String> old, int from, boolean endOfFile) {
    for (UnaryOperator<String> normalize : STRICTNESS) {
      if (endOfFile) {
        int at = lines.size() - old.size();
        if (at >= from && matchesAt(lines, old, at, normalize)) return at;
      } else {
        for (int at = from; at + old.size() <= lines.size(); at++) {
          if (matchesAt(lines, old, at, normalize)) return at;
        }
      }
    }
    return -1;
  }

  private static boolean matchesAt(
      List<String> lines, List<String> old, int at, UnaryOperator<String> normalize) {
    for (int i = 0; i < old.size(); i++) {
      if (!normalize.apply(lines.get(at + i)).equals(normalize.apply(old.get(i)))) return false;
    }
    return true;
  }

  private static PatchException mismatch(
      String path, int index, Hunk hunk, List<String> lines, int from) {
    StringBuilder message = new StringBuilder(name(path, index, hunk)).append(" did not match");
    message.append(hunk.endOfFile() ? " at the end of the file" : "");
    int earlier = locate(lines, hunk.oldLines(), 0, hunk.endOfFile());
    if (earlier >= 0 && earlier < from) {
      message.append(
          " after line "
              + from
              + " (it matches at line "
              + (earlier + 1)
              + ", but hunks must be in file order and after their @@ line)");
    }
    message.append(". Expected these lines (context and removed lines, between the bars):");
    for (String line : hunk.oldLines()) message.append("\n|").append(line).append('|');
    return new PatchException(message.toString());
  }

  private static String name(String path, int index, Hunk hunk) {
    String header = hunk.context() == null ? "" : " (@@ " + hunk.context() + ")";
    return "hunk " + (index + 1) + header + " of " + path;
  }
}
