package dev.longhaul.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code git} program: no shell, a time limit, and an environment of only what git needs.
 *
 * <p>The environment is built from {@link #PASSED_VARIABLES}, the way a tool's is built from the
 * sandbox's allow-list: git finds its configuration and credentials (credential helpers, {@code
 * ~/.ssh}, an SSH agent) through these, and never sees the worker's API keys or store URL. It
 * never prompts: a clone that needs a password it cannot find fails instead of hanging.
 *
 * <p>Every call turns off what a repository's own configuration could make git run in this
 * process (hooks, an fsmonitor, a signing program): the CLI runs git in a workspace the model
 * wrote to, outside any sandbox, and the model may have written {@code .git/config} too. {@link
 * WorkspaceChanges} turns off the rest for the commands it runs (filters, diff drivers, remotes).
 */
public final class Git {
  /** The caller's variables git gets: where it finds its configuration, credentials and proxies. */
  public static final List<String> PASSED_VARIABLES = List.of(
      "PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR",
      "XDG_CONFIG_HOME", "GIT_CONFIG_GLOBAL", "GIT_SSH", "GIT_SSH_COMMAND", "SSH_AUTH_SOCK",
      "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY");

  private static final List<String> SAFETY = List.of(
      "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "protocol.ext.allow=never",
      "-c", "commit.gpgSign=false", "-c", "push.gpgSign=false");

  private final Map<String, String> environment;

  /** @param callerEnvironment the caller's variables; only {@link #PASSED_VARIABLES} are kept */
  public Git(Map<String, String> callerEnvironment) {
    this.environment = environment(callerEnvironment);
  }

  public static Git fromSystem() {
    return new Git(System.getenv());
  }

  /** The environment git runs with. */
  static Map<String, String> environment(Map<String, String> callerEnvironment) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : PASSED_VARIABLES) {
      String value = callerEnvironment.get(name);
      if (value != null) env.put(name, value);
    }
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GCM_INTERACTIVE", "never");
    return Map.copyOf(env);
  }

  /** {@code git args} in {@code dir}, within {@code limit}; its standard output. */
  public String run(Path dir, Duration limit, String... args) {
    return run(dir, limit, Map.of(), args);
  }

  /**
   * As {@link #run(Path, Duration, String...)}, with {@code extra} variables besides the passed
   * ones (a temporary index, an author).
   *
   * @throws GitException with git's last error line when it exits non-zero, cannot start or runs
   *     out of time
   */
  public String run(Path dir, Duration limit, Map<String, String> extra, String... args) {
    return run(dir, limit, extra, Long.MAX_VALUE, args);
  }

  /** Standard output longer than a caller can hold. */
  public static final class OutputTooLarge extends RuntimeException {
    private final long bytes;

    OutputTooLarge(String command, long bytes) {
      super(command + " wrote " + bytes / (1 << 20) + " MB");
      this.bytes = bytes;
    }

    public long bytes() {
      return bytes;
    }
  }

  /**
   * As {@link #run(Path, Duration, Map, String...)}, refusing an output over {@code maxBytes}
   * before reading it: it goes to a file first, so only its size is looked at.
   *
   * @throws OutputTooLarge when git wrote more than {@code maxBytes}
   */
  public String run(Path dir, Duration limit, Map<String, String> extra, long maxBytes, String... args) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(SAFETY);
    command.addAll(List.of(args));
    String name = "git " + subcommand(args);
    Path out = null;
    Path err = null;
    Process process = null;
    try {
      out = Files.createTempFile("longhaul-git", ".out");
      err = Files.createTempFile("longhaul-git", ".err");
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().clear();
      builder.environment().putAll(environment);
      builder.environment().putAll(extra);
      process = builder.start();
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new GitException(name + " took longer than " + limit.toSeconds() + " s and was stopped");
      }
      if (process.exitValue() != 0) {
        throw new GitException(lastLine(Files.readString(err), name + " exited with " + process.exitValue()));
      }
      if (Files.size(out) > maxBytes) throw new OutputTooLarge(name, Files.size(out));
      return Files.readString(out);
    } catch (IOException e) {
      throw new GitException("cannot run git: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitException("interrupted while " + name + " ran");
    } finally {
      if (process != null && process.isAlive()) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
      delete(out);
      delete(err);
    }
  }

  /** {@code git args}, its output's first line, or null when git exits non-zero (a probe). */
  public String probe(Path dir, Duration limit, String... args) {
    try {
      String output = run(dir, limit, args).strip();
      return output.isEmpty() ? "" : output.lines().findFirst().orElse("");
    } catch (GitException no) {
      return null;
    }
  }

  /** The command's name: the first argument that is not a {@code -c name=value} before it. */
  private static String subcommand(String... args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("-c")) i++;
      else return args[i];
    }
    return "";
  }

  private static String lastLine(String text, String otherwise) {
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    return lines.isEmpty() ? otherwise : lines.get(lines.size() - 1);
  }

  private static void delete(Path file) {
    if (file == null) return;
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temporary file left behind is harmless
    }
  }
}
