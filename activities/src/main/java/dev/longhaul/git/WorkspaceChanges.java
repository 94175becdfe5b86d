package dev.longhaul.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
  /** GIT_DIR and GIT_WORK_TREE when the repository is named rather than found from the workspace; else empty. */
  private final Map<String, String> repository;
  /** Computed on first use: the workspace's configuration is read once per command. */
  private List<String> filtersOff;

  /**
   * @param workspace the task's workspace: a git work tree, or a directory within one
   * @param base the commit checked out when the task started
   */
  public WorkspaceChanges(Git git, Path workspace, String base) {
    this(git, workspace, base, Map.of());
  }

  private WorkspaceChanges(Git git, Path workspace, String base, Map<String, String> repository) {
    this.git = git;
    this.workspace = workspace;
    this.base = base;
    this.repository = repository;
  }

  /**
   * The same changes, read from repository {@code gitDir} with work tree {@code workTree}, whatever
   * the workspace's {@code .git} says: a workspace the model could write holds a {@code .git} it
   * could have pointed at a repository of its own, whose {@code core.worktree} names a directory
   * outside its sandbox, which git (run here, unconfined) would then read into the diff.
   */
  public WorkspaceChanges in(Path gitDir, Path workTree) {
    return new WorkspaceChanges(git, workspace, base,
        Map.of("GIT_DIR", gitDir.toString(), "GIT_WORK_TREE", workTree.toString()));
  }

  /** The changes as a unified diff (binary files included) that {@code git apply} takes; empty for none. */
  public String diff() {
    return diffUpTo(Long.MAX_VALUE);
  }

  /**
   * As {@link #diff()}, refused when longer than {@code maxBytes}.
   *
   * @throws Git.OutputTooLarge when the diff is longer
   */
  public String diffUpTo(long maxBytes) {
    return withIndex(index -> run(index, maxBytes,
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
      String tree = run(index, "write-tree").strip();
      if (tree.equals(treeOf(base))) throw new GitException("there are no changes since " + abbreviated(base) + " to export");
      String head = run(Map.of(), "rev-parse", "--verify", "HEAD").strip();
      String commit = head;
      boolean made = !tree.equals(treeOf(head));
      if (made) {
        Map<String, String> author = Map.of(
            "GIT_AUTHOR_NAME", AUTHOR_NAME, "GIT_AUTHOR_EMAIL", AUTHOR_EMAIL,
            "GIT_COMMITTER_NAME", AUTHOR_NAME, "GIT_COMMITTER_EMAIL", AUTHOR_EMAIL);
        commit = run(author, "commit-tree", tree, "-p", head, "-m", message).strip();
      }
      // The empty old value makes the update fail if the branch appeared meanwhile.
      run(Map.of(), "update-ref", "refs/heads/" + name, commit, "");
      return new Exported(commit, made);
    });
  }

  /**
   * Fails with one line when {@code repo} has a branch {@code name}. The repository is named by
   * the caller (the store's record of the clone's origin), not looked up in the workspace's
   * configuration, which the model could have pointed elsewhere.
   */
  public void requireNewBranchIn(String repo, String name) {
    String there = run(Map.of(), "ls-remote", "--heads", "--", repo, "refs/heads/" + name).strip();
    if (!there.isEmpty()) throw new GitException("a branch named " + name + " exists in " + repo + " already");
  }

  /** Pushes branch {@code name} to {@code repo} as a new branch there. */
  public void pushTo(String repo, String name) {
    run(Map.of(), "push", "--quiet", "--", repo, "refs/heads/" + name + ":refs/heads/" + name);
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
    return run(Map.of(), "rev-parse", "--verify", commit + "^{tree}").strip();
  }

  /** Runs {@code action} with a temporary index holding the work tree as it is now. */
  private <T> T withIndex(Function<Map<String, String>, T> action) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("longhaul-index");
      Map<String, String> index = new HashMap<>(repository);
      index.put("GIT_INDEX_FILE", dir.resolve("index").toString());
      run(index, "read-tree", "HEAD");
      run(index, "add", "--all", "--", ".");
      return action.apply(index);
    } catch (IOException e) {
      throw new GitException("cannot make a temporary index: " + e.getMessage());
    } finally {
      if (dir != null) Clone.deleteTree(dir);
    }
  }

  /** {@code git args} in the workspace, every filter driver turned off. */
  private String run(Map<String, String> env, String... args) {
    return run(env, Long.MAX_VALUE, args);
  }

  private String run(Map<String, String> env, long maxBytes, String... args) {
    if (filtersOff == null) filtersOff = filtersOff();
    List<String> command = new ArrayList<>(filtersOff);
    command.addAll(List.of(args));
    Map<String, String> all = new HashMap<>(repository);
    all.putAll(env);
    return git.run(workspace, LIMIT, all, maxBytes, command.toArray(String[]::new));
  }

  /**
   * Options that turn off every filter driver the workspace's configuration defines: a filter is
   * a command, which {@code git add}, {@code write-tree} and {@code diff} would run here, outside
   * the sandbox. (A repository whose files pass through a filter, such as Git LFS, shows them
   * unfiltered.)
   */
  private List<String> filtersOff() {
    String defined;
    try {
      defined = git.run(workspace, LIMIT, repository, "config", "--name-only", "--get-regexp", "^filter\\.");
    } catch (GitException none) {
      defined = ""; // git config exits 1 when nothing matches
    }
    List<String> options = new ArrayList<>();
    defined.lines().map(String::strip).filter(n -> n.lastIndexOf('.') > "filter.".length())
        .map(n -> n.substring(0, n.lastIndexOf('.'))).distinct()
        .forEach(driver -> options.addAll(List.of(
            "-c", driver + ".clean=", "-c", driver + ".process=", "-c", driver + ".required=false")));
    return options;
  }

  private static String abbreviated(String commit) {
    return commit.length() > 12 ? commit.substring(0, 12) : commit;
  }
}
