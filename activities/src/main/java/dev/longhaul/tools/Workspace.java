package dev.longhaul.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** The task's workspace directory: every path a tool touches must resolve inside it. */
public final class Workspace {
  private final Path root;

  public Workspace(Path root) {
    try {
      this.root = root.toRealPath();
    } catch (IOException e) {
      throw new IllegalArgumentException("workspace does not exist: " + root, e);
    }
  }

  public Path root() {
    return root;
  }

  /**
   * Resolves a path given by the model, relative to the workspace (absolute paths are accepted
   * when they lie inside it). Refuses a path that leaves the workspace, lexically ({@code ..}) or
   * through a symbolic link anywhere along it, including links that do not exist yet.
   */
  public Path resolve(String path) throws ToolException {
    if (path == null || path.isBlank()) throw new ToolException("path is empty");
    Path candidate;
    try {
      candidate = root.resolve(path).normalize();
    } catch (InvalidPathException e) {
      throw new ToolException("invalid path: " + path);
    }
    if (!candidate.startsWith(root)) {
      throw new ToolException("path is outside the workspace: " + path);
    }
    // The deepest part of the path that exists decides where it really points.
    Path existing = candidate;
    while (existing != null && !Files.exists(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing != null) {
      try {
        Path real = existing.toRealPath();
        if (!real.startsWith(root)) {
          throw new ToolException("path leaves the workspace through a symbolic link: " + path);
        }
      } catch (IOException e) {
        // A dangling link: its target does not exist, so wherever it points is not ours to create.
        throw new ToolException("path leaves the workspace through a symbolic link: " + path);
      }
    }
    return candidate;
  }

  /** The path as the model should see it: relative to the workspace root. */
  public String relativize(Path path) {
    String relative = root.relativize(path).toString();
    return relative.isEmpty() ? "." : relative;
  }
}
