package dev.longhaul.cli;

import dev.longhaul.git.RepoAddress;
import dev.longhaul.model.ProviderId;
import dev.longhaul.model.ProviderSettings;
import dev.longhaul.workflow.TaskInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks of what a user typed, each failing with one line that says what is wrong. */
final class Inputs {
  private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private Inputs() {}

  /** A prompt or follow-up message: not empty, within {@link TaskInput#MAX_PROMPT_CHARS}. */
  static String message(List<String> words, String what) {
    String text = words == null ? "" : String.join(" ", words);
    if (text.isBlank()) throw new CliException("the " + what + " is empty");
    if (text.length() > TaskInput.MAX_PROMPT_CHARS) {
      throw new CliException(String.format(
          "the %s is %,d characters; the limit is %,d", what, text.length(), TaskInput.MAX_PROMPT_CHARS));
    }
    return text;
  }

  static Path workspace(Path given) {
    Path dir = (given == null ? Path.of("") : given).toAbsolutePath().normalize();
    if (!Files.exists(dir)) throw new CliException("the workspace does not exist: " + dir);
    if (!Files.isDirectory(dir)) throw new CliException("the workspace is not a directory: " + dir);
    return dir;
  }

  /**
   * Where to clone a repository: null for the worker's workspace root, else an absolute path that
   * is new or an empty directory (checked here too when it is on this machine, so the mistake
   * costs one line and no task).
   */
  static String cloneTarget(Path given) {
    if (given == null) return null;
    Path dir = given.toAbsolutePath().normalize();
    if (Files.isRegularFile(dir) || (Files.isDirectory(dir) && !isEmpty(dir))) {
      throw new CliException("cannot clone into " + dir + ": it exists and is not empty");
    }
    return dir.toString();
  }

  /** A repository: a URL as given, a path made absolute (the worker does not share our directory). */
  static String repo(String repo) {
    if (repo.isBlank()) throw new CliException("--repo is empty");
    return RepoAddress.isPath(repo) ? Path.of(repo).toAbsolutePath().normalize().toString() : repo;
  }

  /** A ref that git could take for an option is refused here: it names no branch, tag or commit. */
  static String ref(String ref) {
    if (ref != null && (ref.isBlank() || ref.startsWith("-"))) {
      throw new CliException("invalid ref \"" + ref + "\": give a branch, tag or commit");
    }
    return ref;
  }

  private static boolean isEmpty(Path dir) {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  static String taskId(String id) {
    if (!TASK_ID.matcher(id).matches()) {
      throw new CliException(
          "invalid task id \"" + id + "\": use letters, digits, '.', '_' and '-' (at most 100)");
    }
    return id;
  }

  /** The worker's settings from the environment, or one line saying which value is wrong. */
  /** As {@link #workerSettings(Map)}, workspaces restored on this host under {@code $LONGHAUL_HOME/workspaces}. */
  static dev.longhaul.worker.LonghaulWorker.WorkerSettings workerSettings(Cli cli) {
    var settings = workerSettings(cli.env());
    return settings.withHost(settings.host().withWorkspaceRoot(cli.home().resolve("workspaces")));
  }

  static dev.longhaul.worker.LonghaulWorker.WorkerSettings workerSettings(Map<String, String> env) {
    try {
      return dev.longhaul.worker.LonghaulWorker.WorkerSettings.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      throw new CliException("invalid configuration: " + e.getMessage());
    }
  }

  /**
   * A worker started by this process needs a way to its default provider's model (LONGHAUL_PROVIDER):
   * an API key, or a base URL of a server that may not need one.
   */
  static void requireModelAccess(Map<String, String> env) {
    ProviderId provider = provider(env.getOrDefault("LONGHAUL_PROVIDER", ProviderId.OPENAI_RESPONSES.label()),
        "LONGHAUL_PROVIDER");
    ProviderSettings.missingAccess(provider, env).ifPresent(missing -> {
      throw new CliException(missing);
    });
  }

  /** A provider's name ({@code --provider}, LONGHAUL_PROVIDER); the error lists the valid ones. */
  static ProviderId provider(String name, String what) {
    try {
      return ProviderId.parse(name);
    } catch (IllegalArgumentException e) {
      throw new CliException(what + ": " + e.getMessage());
    }
  }
}
