package dev.longhaul.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A task's changes to its workspace since the commit it started from: its commits, its edits to
 * tracked files and the files it created (untracked, unless ignored). Both what it shows and what
 * it commits come from a temporary index filled from the work tree, so the workspace's own index,
 * branches and files are left as they are.
 */
public final class WorkspaceChanges {
  static final Duration LIMIT = Duration.ofMinutes(5);
  public static final String AUTHOR_NAME = "Longhaul";
  public static final String AUTHOR_EMAIL = "longhaul@localhost";

  private final Git git;
  private final Path workspace;
  private final String base;

  /**
   * @param workspace the task's workspace: a git work tree, or a directory within one
   * @param base the commit checked out when the task started
   */
  public WorkspaceChanges(Git git, Path workspace, String base) {
    this.git = git;
    this.workspace = workspace;
    this.base = base;
  }

  /** The changes as a unified diff (binary files included) that {@code git apply} takes; empty for none. */
  public String diff() {
    return withIndex(index -> git.run(workspace, LIMIT, index,
        "diff", "--cached", "--binary", "--relative", "--no-ext-diff", "--no-textconv", base));
  }

  /** What {@link #commitOnBranch} did. */
  public record Exported(String commit, boolean newCommit) {}

  /**
   * Makes branch {@code name} point at the work tree as it is: at a new commit on top of the
   * checked-out commit holding everything not yet committed, or at that commit when all is
   * committed. The checked-out branch and the files stay as they are.
   *
   * @throws GitException when the name is not a valid branch name, a branch of that name exists,
   *     or nothing changed since the base
   */
  public Exported commitOnBranch(String name, String message) {
    requireNewBranch(name);
    return withIndex(index -> {
      String tree = git.run(workspace, LIMIT, index, "write-tree").strip();
      if (tree.equals(treeOf(base))) throw new GitException("there are no changes since " + abbreviated(base) + " to export");
      String head = git.run(workspace, LIMIT, "rev-parse", "--verify", "HEAD").strip();
      String commit = head;
      boolean made = !tree.equals(treeOf(head));
      if (made) {
        Map<String, String> author = Map.of(
            "GIT_AUTHOR_NAME", AUTHOR_NAME, "GIT_AUTHOR_EMAIL", AUTHOR_EMAIL,
            "GIT_COMMITTER_NAME", AUTHOR_NAME, "GIT_COMMITTER_EMAIL", AUTHOR_EMAIL);
        commit = git.run(workspace, LIMIT, author, "commit-tree", tree, "-p", head, "-m", message).strip();
      }
      // The empty old value makes the update fail if the branch appeared meanwhile.
      git.run(workspace, LIMIT, "update-ref", "refs/heads/" + name, commit, "");
      return new Exported(commit, made);
    });
  }

  /** Fails with one line when the workspace's {@code origin} has a branch {@code name}. */
  public void requireNewBranchInOrigin(String name) {
    String there = git.run(workspace, LIMIT, "ls-remote", "--heads", "origin", "refs/heads/" + name).strip();
    if (!there.isEmpty()) throw new GitException("a branch named " + name + " exists in origin already");
  }

  /** Pushes branch {@code name} to the workspace's {@code origin}, as a new branch there. */
  public void pushToOrigin(String name) {
    git.run(workspace, LIMIT, "push", "--quiet", "origin", "refs/heads/" + name + ":refs/heads/" + name);
  }

  /** Fails with one line unless {@code name} is a valid branch name that the workspace does not have yet. */
  public void requireNewBranch(String name) {
    if (git.probe(workspace, LIMIT, "check-ref-format", "--branch", name) == null || name.startsWith("-")) {
      throw new GitException("\"" + name + "\" is not a valid branch name");
    }
    if (git.probe(workspace, LIMIT, "rev-parse", "--verify", "--quiet", "refs/heads/" + name) != null) {
      throw new GitException("a branch named " + name + " exists already in " + workspace);
    }
  }

  private String treeOf(String commit) {
    return git.run(workspace, LIMIT, "rev-parse", "--verify", commit + "^{tree}").strip();
  }

  /** Runs {@code action} with a temporary index holding the work tree as it is now. */
  private <T> T withIndex(Function<Map<String, String>, T> action) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("longhaul-index");
      Map<String, String> index = new HashMap<>(Map.of("GIT_INDEX_FILE", dir.resolve("index").toString()));
      git.run(workspace, LIMIT, index, "read-tree", "HEAD");
      git.run(workspace, LIMIT, index, "add", "--all", "--", ".");
      return action.apply(index);
    } catch (IOException e) {
      throw new GitException("cannot make a temporary index: " + e.getMessage());
    } finally {
      if (dir != null) Clone.deleteTree(dir);
    }
  }

  private static String abbreviated(String commit) {
    return commit.length() > 12 ? commit.substring(0, 12) : commit;
  }
}
