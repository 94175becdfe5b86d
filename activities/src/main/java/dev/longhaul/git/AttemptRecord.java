package dev.longhaul.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What Longhaul wrote down when it made a best-of-N attempt's workspace, before the attempt ran:
 * the file {@code .ID.n.attempt} beside the workspace's directory {@code ID.n}. Its git directory
 * is read from here and never from the workspace, whose {@code .git} the attempt could rewrite to
 * point at any directory of the host (see docs/architecture.md, "Best of N: threats and defences").
 *
 * @param place the attempt's directory under the workspace root
 * @param workspace where the attempt works (the place, or a subdirectory of a repository's worktree)
 * @param gitDir null for a workspace made before the record held it
 */
public record AttemptRecord(Path place, Path workspace, String base, String kind, Path gitDir) {

  /** The record of the attempt whose directory under {@code root} is {@code attemptId}, if made. */
  public static Optional<AttemptRecord> read(Path root, String attemptId) {
    Path file = file(root, attemptId);
    if (!Files.exists(file)) return Optional.empty();
    try {
      String[] lines = Files.readString(file).split("\n");
      return Optional.of(new AttemptRecord(root.resolve(attemptId), Path.of(lines[0]), lines[1], lines[2],
          lines.length < 4 ? null : Path.of(lines[3])));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the record of attempt " + attemptId + ": " + e.getMessage(), e);
    }
  }

  /**
   * The record of the attempt whose workspace is {@code workspace}, found from its place in the
   * tree ({@code root/ID.n[/subdirectory]}); empty when no record lies beside any of its parents.
   */
  public static Optional<AttemptRecord> of(Path workspace) {
    Path dir = workspace.toAbsolutePath().normalize();
    for (Path place = dir; place != null && place.getParent() != null; place = place.getParent()) {
      Optional<AttemptRecord> found = read(place.getParent(), place.getFileName().toString());
      if (found.isPresent() && found.get().workspace().toAbsolutePath().normalize().equals(dir)) return found;
    }
    return Optional.empty();
  }

  public void write() {
    try {
      Files.writeString(file(place.getParent(), place.getFileName().toString()),
          workspace + "\n" + base + "\n" + kind + "\n" + (gitDir == null ? "" : gitDir.toString()) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the attempt in " + place + ": " + e.getMessage(), e);
    }
  }

  /**
   * The changes of {@code workspace} since {@code base}: for an attempt's workspace read from the
   * repository recorded when it was made, for any other from the repository it is in.
   */
  public static WorkspaceChanges changesOf(Git git, Path workspace, String base) {
    WorkspaceChanges changes = new WorkspaceChanges(git, workspace, base);
    return of(workspace).filter(r -> r.gitDir() != null).map(r -> changes.in(r.gitDir(), r.place())).orElse(changes);
  }

  /**
   * Deletes the attempt's directory, the repository of its own a copy has beside it, and this
   * record; prunes the worktree's entry from the repository it was made in. Links are deleted, not
   * followed. A second call finds nothing and is done.
   */
  public void remove(Git git) {
    Path root = place.getParent();
    String attemptId = place.getFileName().toString();
    try {
      deleteTree(place);
      deleteTree(root.resolve("." + attemptId + ".git"));
      // A worktree's git directory is <repository's .git>/worktrees/<name>; prune from there.
      if ("worktree".equals(kind) && gitDir != null && gitDir.getParent() != null
          && gitDir.getParent().getFileName().toString().equals("worktrees")) {
        git.run(root, java.time.Duration.ofSeconds(30), "--git-dir=" + gitDir.getParent().getParent(), "worktree", "prune");
      }
      Files.deleteIfExists(file(root, attemptId));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the workspace of " + attemptId + ": " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  private static Path file(Path root, String attemptId) {
    return root.resolve("." + attemptId + ".attempt");
  }
}
