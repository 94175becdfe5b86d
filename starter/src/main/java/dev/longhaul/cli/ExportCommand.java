package dev.longhaul.cli;

import dev.longhaul.git.Git;
import dev.longhaul.git.GitException;
import dev.longhaul.git.RepoAddress;
import dev.longhaul.git.WorkspaceChanges;
import dev.longhaul.workflow.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = {
      "Exports what a task changed since it started: as a patch file, or committed on a new",
      "branch of its workspace (pushed to the origin when the task cloned a local repository).",
      "Runs where the workspace is."
    })
final class ExportCommand implements Callable<Integer> {
  /** A turn in these states may still change files: a branch made now could miss its last edits. */
  private static final Set<String> MID_TURN =
      Set.of(TaskStatus.running.label(), TaskStatus.awaiting_approval.label());

  @ParentCommand Longhaul parent;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = "--patch", paramLabel = "FILE", required = true,
        description = "Write the changes as a unified diff to FILE (`git apply` takes it).")
    Path patch;

    @Option(names = "--branch", paramLabel = "NAME", required = true,
        description = "Commit the changes on a new branch NAME, author Longhaul <longhaul@localhost>.")
    String branch;
  }

  @Option(names = "--force", description = "With --patch: replace FILE if it exists.")
  boolean force;

  @Parameters(paramLabel = "ID")
  String taskId;

  @Override
  public Integer call() {
    Cli cli = parent.cli;
    if (force && target.patch == null) throw new CliException("--force goes with --patch");
    if (target.patch != null && Files.exists(target.patch) && !force) {
      throw new CliException(target.patch + " exists: choose another file, or add --force to replace it");
    }
    try (StoreAccess access = StoreAccess.open(cli)) {
      LocalWorkspace workspace = LocalWorkspace.of(access.store(), taskId);
      WorkspaceChanges changes = workspace.changes(new Git(cli.env()));
      cli.out().println(target.patch != null ? patch(workspace, changes) : branch(workspace, changes));
      return 0;
    }
  }

  private String patch(LocalWorkspace workspace, WorkspaceChanges changes) {
    String diff = workspace.git(changes::diff);
    try {
      Files.writeString(target.patch, diff);
    } catch (IOException e) {
      throw new CliException("cannot write " + target.patch + ": " + e);
    }
    long files = diff.lines().filter(l -> l.startsWith("diff --git ")).count();
    return "wrote the changes of task " + taskId + " since " + workspace.base() + " to " + target.patch
        + " (" + files + (files == 1 ? " file)" : " files)");
  }

  /** Refused mid-turn: the branch would catch the workspace halfway through the model's edits. */
  private String branch(LocalWorkspace workspace, WorkspaceChanges changes) {
    String name = target.branch;
    if (MID_TURN.contains(workspace.task().status())) {
      throw new CliException("task " + taskId + " is " + workspace.task().status()
          + ": export --branch once its turn has ended (or interrupt it)");
    }
    String repo = workspace.origin().repo();
    boolean push = repo != null && RepoAddress.isLocal(repo);
    String message = "Longhaul task " + taskId + ": " + workspace.task().title().lines().findFirst().orElse("");
    WorkspaceChanges.Exported exported = workspace.git(() -> {
      if (push) changes.requireNewBranchIn(repo, name); // before the branch exists here
      return changes.commitOnBranch(name, message);
    });
    String what = (exported.newCommit() ? "committed the changes of task " + taskId + " on branch " : "made branch ")
        + name + " (" + exported.commit().substring(0, 12) + ") in " + workspace.dir()
        + (exported.newCommit() ? "" : " at the task's last commit");
    if (!push) {
      return what + (repo == null ? "" : "; not pushed, since " + repo + " is not on this machine: push it from the workspace");
    }
    try {
      changes.pushTo(repo, name);
    } catch (GitException e) {
      throw new CliException(what + ", but pushing it to " + repo + " failed: " + e.getMessage());
    }
    return what + " and pushed it to " + repo;
  }
}
