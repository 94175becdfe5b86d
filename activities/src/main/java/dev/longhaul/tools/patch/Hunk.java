package dev.longhaul.tools.patch;

import java.util.List;

/**
 * One block of changes in an updated file.
 *
 * @param context the text after {@code @@}: a line (compared trimmed) that must come before the
 *     block, to tell apart blocks that look alike; null when the header was bare or absent
 * @param lines the block's lines in order
 * @param endOfFile the block must match at the very end of the file
 */
public record Hunk(String context, List<Line> lines, boolean endOfFile) {
  public Hunk {
    lines = List.copyOf(lines);
  }

  public enum Kind {
    CONTEXT,
    REMOVE,
    ADD
  }

  /** One line of a hunk, without its leading marker. */
  public record Line(Kind kind, String text) {
    public static Line context(String text) {
      return new Line(Kind.CONTEXT, text);
    }

    public static Line remove(String text) {
      return new Line(Kind.REMOVE, text);
    }

    public static Line add(String text) {
      return new Line(Kind.ADD, text);
    }
  }

  /** The lines the file must contain for the hunk to apply: context and removed lines. */
  public List<String> oldLines() {
    return lines.stream().filter(l -> l.kind() != Kind.ADD).map(Line::text).toList();
  }

  /** The lines that replace {@link #oldLines()}: context and added lines. */
  public List<String> newLines() {
    return lines.stream().filter(l -> l.kind() != Kind.REMOVE).map(Line::text).toList();
  }
}
