package dev.longhaul.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real git repository in a temporary directory, made with the real {@code git} program. */
public final class GitRepo {
  public final Path dir;

  private GitRepo(Path dir) {
    this.dir = dir;
  }

  /** {@code git init} in {@code dir} (created), on branch {@code main}. */
  public static GitRepo init(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    GitRepo repo = new GitRepo(dir);
    repo.git("init", "--quiet", "--initial-branch=main");
    repo.git("config", "user.name", "Test");
    repo.git("config", "user.email", "test@localhost");
    return repo;
  }

  /** Writes {@code text} to {@code path} in the work tree. */
  public GitRepo write(String path, String text) {
    try {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Commits everything in the work tree; returns the commit. */
  public String commit(String message) {
    git("add", "--all");
    git("commit", "--quiet", "--allow-empty", "-m", message);
    return head();
  }

  public String head() {
    return git("rev-parse", "HEAD").strip();
  }

  /** {@code git args} in the repository; its output. Fails the test when git fails. */
  public String git(String... args) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError(command + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
