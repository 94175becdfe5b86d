package dev.longhaul.tools.patch;

import java.util.List;

/** A parsed patch: the file operations, in the order they were written. */
public record Patch(List<FileOp> ops) {
  public Patch {
    ops = List.copyOf(ops);
  }
}
