package dev.longhaul.cli;

import dev.longhaul.contract.ApprovalPolicy;
import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.workflow.Budget;
import dev.longhaul.workflow.TaskPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code --sandbox}, {@code --network}, {@code --writable} and {@code --approval}: how a task that
 * {@code run}, {@code fork} or {@code resume} starts is confined and when it asks. Each left out
 * is the worker's default ({@code LONGHAUL_SANDBOX}, {@code LONGHAUL_APPROVAL}).
 */
final class PolicyOptions {
  @Option(names = "--sandbox", paramLabel = "MODE",
      description = "read-only, workspace-write or danger-full-access (default: the worker's, workspace-write unless LONGHAUL_SANDBOX says otherwise).")
  String sandbox;

  @Option(names = "--network", description = "Let commands use the network (with --sandbox workspace-write or read-only).")
  boolean network;

  @Option(names = "--writable", paramLabel = "DIR",
      description = "A further directory commands may write, such as a build cache (with --sandbox workspace-write; repeatable).")
  List<Path> writable = new ArrayList<>();

  @Option(names = "--approval", paramLabel = "POLICY",
      description = "When to ask you: untrusted, on-request, on-failure or never (default: the worker's, on-request unless LONGHAUL_APPROVAL says otherwise).")
  String approval;

  /**
   * The task's policy: these options with {@code budget} (null for none) and {@code rerunOnCrash}.
   * Fails with one line for a bad value, before anything starts.
   */
  TaskPolicy taskPolicy(Budget budget, boolean rerunOnCrash) {
    return new TaskPolicy(sandbox(), approval(), budget, rerunOnCrash);
  }

  /**
   * The confinement asked for, or null to leave it to the worker. {@code --network} and {@code
   * --writable} refine a mode, so they need {@code --sandbox}: added to the worker's default
   * instead, they would mean more or less depending on a worker setting the user cannot see.
   */
  SandboxPolicy sandbox() {
    SandboxMode mode = sandbox == null ? null : parse(() -> SandboxMode.parse(sandbox));
    List<String> dirs = writable.stream().map(PolicyOptions::writableDir).toList();
    if (mode == null) {
      if (network) throw new CliException("--network needs --sandbox workspace-write or read-only");
      if (!dirs.isEmpty()) throw new CliException("--writable needs --sandbox workspace-write");
      return null;
    }
    if (mode == SandboxMode.READ_ONLY && !dirs.isEmpty()) {
      throw new CliException("--writable contradicts --sandbox read-only: use workspace-write");
    }
    return new SandboxPolicy(mode, network, dirs);
  }

  /** The approval policy asked for, or null for the worker's. */
  ApprovalPolicy approval() {
    return approval == null ? null : parse(() -> ApprovalPolicy.parse(approval));
  }

  private static <T> T parse(Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
  }

  /** As an absolute path; fails with one line unless it is an existing directory. */
  private static String writableDir(Path given) {
    Path dir = given.toAbsolutePath().normalize();
    if (!Files.exists(dir)) throw new CliException("the --writable directory does not exist: " + dir);
    if (!Files.isDirectory(dir)) throw new CliException("the --writable path is not a directory: " + dir);
    return dir.toString();
  }
}
