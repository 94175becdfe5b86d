package dev.longhaul.activities;

import dev.longhaul.git.Clone;
import dev.longhaul.git.Git;
import dev.longhaul.store.TaskOrigin;
import dev.longhaul.tools.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Makes a task's workspace on this worker when the task opens: a clone of its repository, or the
 * directory it names, and in either case the commit it starts from, so that {@code longhaul diff}
 * and {@code export} know what the task changed.
 */
public final class TaskWorkspaces {
  private final Path root;
  private final Git git;
  private final Clone clone;

  /** @param root where a clone goes when the task names no directory: {@code root/<task id>} */
  public TaskWorkspaces(Path root, Git git, Clone clone) {
    this.root = root;
    this.git = git;
    this.clone = clone;
  }

  public static TaskWorkspaces under(Path root) {
    Git git = Git.fromSystem();
    return new TaskWorkspaces(root, git, new Clone(git));
  }

  /**
   * The workspace root of a worker given none: {@code $LONGHAUL_HOME/workspaces}, Longhaul's home
   * being {@code $HOME/.longhaul} without that variable (the command line's rule).
   */
  public static Path defaultRoot(Map<String, String> env) {
    return Sandbox.longhaulHome(env).resolve("workspaces");
  }

  /**
   * Where the task's workspace is: the directory it asked for, or for a clone with none, {@code
   * root/<task id>}.
   */
  public String place(String taskId, String workspace, String repo) {
    if (repo == null || workspace != null) return workspace;
    return root.resolve(taskId).toAbsolutePath().normalize().toString();
  }

  /**
   * Makes the workspace at {@code place}: clones {@code repo} there at {@code ref}, or with no
   * repository, takes the directory as it is.
   *
   * @return where it came from, with the commit checked out now
   * @throws dev.longhaul.git.GitException one line when the repository cannot be cloned
   */
  public TaskOrigin make(String taskId, String place, String repo, String ref) {
    if (repo == null) return new TaskOrigin(null, null, headOf(place));
    return new TaskOrigin(repo, ref, clone.into(Path.of(place), repo, ref, taskId));
  }

  /** The commit checked out in {@code workspace}, or null when it is not a git repository with one. */
  private String headOf(String workspace) {
    if (workspace == null || !Files.isDirectory(Path.of(workspace))) return null;
    return git.probe(Path.of(workspace), Duration.ofSeconds(30), "rev-parse", "--verify", "--quiet", "HEAD");
  }
}
