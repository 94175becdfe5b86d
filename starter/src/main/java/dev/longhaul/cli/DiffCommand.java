package dev.longhaul.cli;

import dev.longhaul.git.Git;
import java.util.concurrent.Callable;
import dev.longhaul.workflow.BestOf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "diff", mixinStandardHelpOptions = true,
    description = {
      "Prints what a task changed in its workspace since it started, as a unified diff: its",
      "commits, its edits and the files it created (not ignored ones). Runs where the workspace",
      "is; the workspace's index and branches are left as they are. Fine while a turn runs."
    })
final class DiffCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Parameters(paramLabel = "ID")
  String taskId;

  @Option(names = "--attempt", paramLabel = "N", description = "The diff of attempt N of a best-of-N task (task ID.N).")
  Integer attempt;

  @Override
  public Integer call() {
    Cli cli = parent.cli;
    try (StoreAccess access = StoreAccess.open(cli)) {
      String id = attempt == null ? taskId : BestOf.attemptId(taskId, attempt);
      if (attempt != null && access.store().task(id).isEmpty()) {
        throw new CliException("task " + taskId + " has no attempt " + attempt);
      }
      LocalWorkspace workspace = LocalWorkspace.of(access.store(), id);
      var changes = workspace.changes(new Git(cli.env()));
      cli.out().print(workspace.git(changes::diff));
      return 0;
    }
  }
}
