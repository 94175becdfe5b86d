package dev.longhaul.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Clones a repository at a ref into a directory, all or nothing: git works in a hidden sibling
 * directory, which is renamed into place only once the ref is checked out, and removed when
 * anything fails. The clone is marked with the task it belongs to, so a retry of the same task
 * (its worker died after the rename) takes it as done instead of refusing a non-empty directory.
 */
public final class Clone {
  /** How long a clone may take, checkout included. */
  public static final Duration TIME_LIMIT = Duration.ofMinutes(10);
  private static final Duration QUICK = Duration.ofSeconds(30);

  private final Git git;
  private final Duration limit;

  public Clone(Git git) {
    this(git, TIME_LIMIT);
  }

  public Clone(Git git, Duration limit) {
    this.git = git;
    this.limit = limit;
  }

  /**
   * Clones {@code repo} at {@code ref} (null: its default branch) into {@code target}, which must
   * not exist or be empty, for task {@code taskId}.
   *
   * @return the commit checked out
   * @throws GitException one line naming the repository and git's last error line, or saying the
   *     target is not empty; nothing is left behind
   */
  public String into(Path target, String repo, String ref, String taskId) {
    if (isNonEmptyDirectory(target) || Files.isRegularFile(target)) {
      if (taskId.equals(git.probe(target, QUICK, "config", "--get", "longhaul.task"))) return head(target);
      throw new GitException("cannot clone " + repo + " into " + target + ": it exists and is not empty");
    }
    Path work = target.resolveSibling("." + target.getFileName() + ".cloning-" + UUID.randomUUID());
    Deadline deadline = new Deadline(System.nanoTime() + limit.toNanos());
    try {
      Files.createDirectories(target.getParent());
      if (ref == null) {
        git.run(target.getParent(), deadline.left(), "clone", "--quiet", "--no-tags", "--", repo, work.toString());
      } else {
        git.run(target.getParent(), deadline.left(), "clone", "--quiet", "--no-tags", "--no-checkout", "--", repo, work.toString());
        checkout(work, ref, deadline);
      }
      git.run(work, QUICK, "config", "longhaul.task", taskId);
      if (Files.isDirectory(target)) Files.delete(target); // empty, as checked
      Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
      return head(target);
    } catch (GitException e) {
      throw new GitException("cannot clone " + repo + (ref == null ? "" : " at " + ref) + ": " + e.getMessage());
    } catch (IOException e) {
      throw new GitException("cannot clone " + repo + " into " + target + ": " + e);
    } finally {
      deleteTree(work);
    }
  }

  /**
   * Checks out {@code ref} in a clone made without tags: a branch of the origin (as a local branch
   * of that name), else a tag (fetched by itself), else a commit (detached).
   */
  private void checkout(Path work, String ref, Deadline deadline) {
    if (ref.startsWith("-")) throw new GitException("it has no branch, tag or commit " + ref);
    if (git.probe(work, QUICK, "rev-parse", "--verify", "--quiet", "refs/remotes/origin/" + ref) != null) {
      git.run(work, deadline.left(), "checkout", "--quiet", "-B", ref, "refs/remotes/origin/" + ref);
      return;
    }
    String tag = "refs/tags/" + ref;
    if (git.probe(work, deadline.left(), "fetch", "--quiet", "--no-tags", "origin", tag + ":" + tag) != null) {
      git.run(work, deadline.left(), "checkout", "--quiet", "--detach", tag + "^{commit}");
      return;
    }
    if (git.probe(work, QUICK, "rev-parse", "--verify", "--quiet", ref + "^{commit}") == null) {
      throw new GitException("it has no branch, tag or commit " + ref);
    }
    git.run(work, deadline.left(), "checkout", "--quiet", "--detach", ref + "^{commit}");
  }

  /** One time limit for the clone and its checkout together. */
  private record Deadline(long nanos) {
    Duration left() {
      return Duration.ofNanos(Math.max(0, nanos - System.nanoTime()));
    }
  }

  private String head(Path dir) {
    return git.run(dir, QUICK, "rev-parse", "--verify", "HEAD").strip();
  }

  private static boolean isNonEmptyDirectory(Path dir) {
    if (!Files.isDirectory(dir)) return false;
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isPresent();
    } catch (IOException e) {
      return true;
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // best effort: what is left is a hidden directory beside the target
    }
  }
}
