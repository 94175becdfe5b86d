package dev.longhaul.activities;

import dev.longhaul.git.Clone;
import dev.longhaul.git.Git;
import dev.longhaul.store.TaskOrigin;
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
    String longhaul = env.get("LONGHAUL_HOME");
    if (longhaul != null && !longhaul.isEmpty()) return Path.of(longhaul, "workspaces");
    String home = env.get("HOME");
    return Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"), ".longhaul", "workspaces");
  }

  /** The workspace as made, and where it came from. */
  public record Opened(String workspace, TaskOrigin origin) {}

  /**
   * @param workspace the directory the task asked for; with a repository, where to clone it (null
   *     for {@code root/<task id>})
   * @param repo the repository to clone, or null
   * @throws dev.longhaul.git.GitException one line when the repository cannot be cloned
   */
  public Opened open(String taskId, String workspace, String repo, String ref) {
    if (repo == null) return new Opened(workspace, new TaskOrigin(null, null, headOf(workspace)));
    Path target = workspace == null ? root.resolve(taskId) : Path.of(workspace);
    String base = clone.into(target.toAbsolutePath().normalize(), repo, ref, taskId);
    return new Opened(target.toAbsolutePath().normalize().toString(), new TaskOrigin(repo, ref, base));
  }

  /** The commit checked out in {@code workspace}, or null when it is not a git repository with one. */
  private String headOf(String workspace) {
    if (workspace == null || !Files.isDirectory(Path.of(workspace))) return null;
    return git.probe(Path.of(workspace), Duration.ofSeconds(30), "rev-parse", "--verify", "--quiet", "HEAD");
  }
}
