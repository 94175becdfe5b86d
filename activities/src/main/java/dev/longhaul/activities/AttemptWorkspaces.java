package dev.longhaul.activities;

import dev.longhaul.git.AttemptRecord;
import dev.longhaul.git.Git;
import dev.longhaul.git.WorkspaceChanges;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * The workspaces of a best-of-N task's attempts, and moving the picked one's changes back.
 *
 * <p>Each attempt's workspace starts at a commit of the task's workspace as it is, which is the
 * base its diff is taken against (and, being its {@code HEAD} when the attempt opens, the base
 * {@code longhaul diff} uses). In a git repository that is a worktree at the task's {@code HEAD}
 * with the task's uncommitted changes applied and committed (detached, on no branch): cheap, and
 * the objects are shared. Otherwise a copy of the directory, with a repository of its own for the
 * base, kept beside it under the workspace root.
 *
 * <p>An attempt's sandbox can write its workspace and nothing else, but its workspace holds the
 * {@code .git} file that tells git where the repository is. So the attempt's repository is
 * recorded here when the workspace is made, before the attempt runs, and its changes are always
 * read from that repository with that work tree ({@link WorkspaceChanges#in}), never from wherever
 * the {@code .git} it could rewrite points.
 */
final class AttemptWorkspaces {
  static final Duration LIMIT = Duration.ofMinutes(10);
  /** The longest diff an attempt's changes may make to be reviewed and applied. */
  static final long DIFF_LIMIT = 64L << 20;
  private static final Map<String, String> AUTHOR = Map.of(
      "GIT_AUTHOR_NAME", WorkspaceChanges.AUTHOR_NAME, "GIT_AUTHOR_EMAIL", WorkspaceChanges.AUTHOR_EMAIL,
      "GIT_COMMITTER_NAME", WorkspaceChanges.AUTHOR_NAME, "GIT_COMMITTER_EMAIL", WorkspaceChanges.AUTHOR_EMAIL);

  private final Git git;
  private final Path root;

  /** @param root this host's workspace root, under which each attempt's workspace is named by its task id */
  AttemptWorkspaces(Git git, Path root) {
    this.git = git;
    this.root = root;
  }

  /** An attempt's workspace and its base commit. */
  record Made(Path workspace, String base, String kind) {}


  /**
   * Makes attempt {@code attemptId}'s workspace from {@code source}, or finds the one an earlier
   * try made: a workspace is complete only once its marker (holding the base) is written, and an
   * incomplete one is removed and made again.
   */
  Made make(Path source, String attemptId) {
    Path place = root.resolve(attemptId);
    String top = git.probe(source, LIMIT, "rev-parse", "--show-toplevel");
    try {
      Files.createDirectories(root);
      Optional<AttemptRecord> earlier = AttemptRecord.read(root, attemptId);
      if (earlier.isPresent()) {
        return new Made(earlier.get().workspace(), earlier.get().base(), earlier.get().kind());
      }
      // A repository without a commit has no HEAD to make a worktree at: it is copied, like a
      // directory that is no repository.
      boolean worktree = top != null && !top.isEmpty()
          && git.probe(source, LIMIT, "rev-parse", "--verify", "--quiet", "HEAD") != null;
      Made made = worktree ? worktree(source, Path.of(top), place) : copy(source, place, attemptId);
      String gitDir = git.run(place, LIMIT, "rev-parse", "--absolute-git-dir").strip();
      new AttemptRecord(place, made.workspace(), made.base(), made.kind(), Path.of(gitDir)).write();
      return made;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the workspace of " + attemptId + ": " + e.getMessage(), e);
    }
  }

  private Made worktree(Path source, Path top, Path place) throws IOException {
    if (Files.exists(place)) {
      delete(place);
      git.run(top, LIMIT, "worktree", "prune");
    }
    String uncommitted = new WorkspaceChanges(git, top, "HEAD").diff();
    git.run(top, LIMIT, "worktree", "add", "--detach", "--quiet", place.toString(), "HEAD");
    if (!uncommitted.isEmpty()) {
      apply(place, uncommitted);
      git.run(place, LIMIT, "add", "--all");
      git.run(place, LIMIT, AUTHOR, "commit", "--quiet", "--no-verify", "-m", "longhaul: the task's uncommitted changes");
    }
    Path workspace = place.resolve(top.relativize(source.toRealPath()).toString());
    return new Made(workspace, head(place), "worktree");
  }

  private Made copy(Path source, Path place, String attemptId) throws IOException {
    if (Files.exists(place)) delete(place);
    Path gitDir = root.resolve("." + attemptId + ".git");
    if (Files.exists(gitDir)) delete(gitDir);
    copyTree(source.toRealPath(), place);
    // Beside the workspace, not in it: out of the attempt's sandbox, like a worktree's own git directory.
    git.run(place, LIMIT, "init", "--quiet", "--separate-git-dir=" + gitDir);
    git.run(place, LIMIT, "add", "--all");
    git.run(place, LIMIT, AUTHOR, "commit", "--quiet", "--allow-empty", "--no-verify", "-m", "longhaul: the task's workspace");
    return new Made(place, head(place), "copy");
  }

  private String head(Path dir) {
    return git.run(dir, LIMIT, "rev-parse", "HEAD").strip();
  }

  /**
   * What the attempt changed since its base: commits, edits, new files; binary files included.
   *
   * @throws Git.OutputTooLarge when the diff is over {@link #DIFF_LIMIT}: an attempt can write
   *     files of any size, and the diff is held in the worker's memory, several times over
   */
  String diff(Path workspace, String base) {
    WorkspaceChanges changes = new WorkspaceChanges(git, workspace, base);
    return repository(workspace).map(r -> changes.in(r.gitDir(), r.place())).orElse(changes).diffUpTo(DIFF_LIMIT);
  }

  /** One line on a diff over the limit, for the review and for the person told why nothing was applied. */
  static String tooLarge(Git.OutputTooLarge e) {
    return "its changes are a diff of " + e.bytes() / (1 << 20) + " MB, over the " + (DIFF_LIMIT >> 20)
        + " MB an attempt's changes may be to be reviewed or applied";
  }

  /**
   * The record made with {@code workspace}, holding the repository its changes are read from; empty
   * for a workspace made before records held one.
   *
   * @throws IllegalArgumentException when {@code workspace} is no attempt's workspace under this root
   */
  private Optional<AttemptRecord> repository(Path workspace) {
    Path under = root.toAbsolutePath().normalize();
    Path given = workspace.toAbsolutePath().normalize();
    if (!given.startsWith(under) || given.equals(under)) {
      throw new IllegalArgumentException(workspace + " is no attempt's workspace under " + root);
    }
    String attemptId = under.relativize(given).getName(0).toString();
    return AttemptRecord.read(under, attemptId).filter(r -> r.gitDir() != null);
  }

  /**
   * Applies {@code patch} to {@code workspace}, a directory in a git work tree or not. A patch
   * that is applied already (a retry after the worker died past this point) is left as it is.
   */
  void applyOnce(Path workspace, String patch) {
    if (patch.isEmpty()) return;
    Path file = null;
    try {
      file = Files.createTempFile("longhaul-pick", ".patch");
      Files.writeString(file, patch);
      // git reads a git diff's paths from the top of the work tree; the patch's are the workspace's.
      String top = git.probe(workspace, LIMIT, "rev-parse", "--show-toplevel");
      Path dir = top == null || top.isEmpty() ? workspace : Path.of(top);
      String within = dir.relativize(workspace.toRealPath()).toString();
      String directory = within.isEmpty() ? "--recount" : "--directory=" + within;
      boolean applied = git.probe(dir, LIMIT, "apply", "--check", "--reverse", "--binary", directory, file.toString()) != null;
      if (!applied) git.run(dir, LIMIT, "apply", "--binary", "--whitespace=nowarn", directory, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) file.toFile().delete();
    }
  }

  private void apply(Path dir, String patch) throws IOException {
    Path file = Files.createTempFile("longhaul-attempt", ".patch");
    try {
      Files.writeString(file, patch);
      git.run(dir, LIMIT, "apply", "--binary", "--whitespace=nowarn", file.toString());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /**
   * Copies the tree, links as links, leaving out this host's workspace root should it lie inside,
   * and the source's own {@code .git} (the copy gets a repository of its own).
   */
  private void copyTree(Path from, Path to) throws IOException {
    Path skip = root.toAbsolutePath().normalize();
    Path ownGit = from.resolve(".git");
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (dir.toAbsolutePath().normalize().equals(skip) || dir.equals(ownGit)) return FileVisitResult.SKIP_SUBTREE;
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (file.equals(ownGit)) return FileVisitResult.CONTINUE; // a worktree's or submodule's pointer
        Files.copy(file, to.resolve(from.relativize(file).toString()),
            StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void delete(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
