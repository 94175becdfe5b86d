package dev.longhaul.tools.patch;

import java.util.List;

/** One file section of a patch. Paths are exactly as the patch wrote them, not yet resolved. */
public sealed interface FileOp {
  String path();

  /** Creates a file that must not exist yet; {@code contents} is the whole file. */
  record AddFile(String path, String contents) implements FileOp {}

  /** Removes a file that must exist. */
  record DeleteFile(String path) implements FileOp {}

  /**
   * Edits a file that must exist.
   *
   * @param moveTo where the edited file goes instead, or null to keep it at {@code path}
   */
  record UpdateFile(String path, String moveTo, List<Hunk> hunks) implements FileOp {
    public UpdateFile {
      hunks = List.copyOf(hunks);
    }
  }
}
