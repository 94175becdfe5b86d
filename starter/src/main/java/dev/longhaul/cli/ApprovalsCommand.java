package dev.longhaul.cli;

import dev.longhaul.store.TaskRow;
import dev.longhaul.workflow.PendingApproval;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskStatus;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "approvals", mixinStandardHelpOptions = true,
    description = {
      "Lists the tool calls waiting for your approval: of one task, or of every task.",
      "Answer them with `longhaul approve` or `longhaul deny`."
    })
final class ApprovalsCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Parameters(paramLabel = "ID", arity = "0..1", description = "Only this task's (default: every task's).")
  String taskId;

  @Override
  public Integer call() {
    Cli cli = parent.cli;
    try (Connection connection = Connection.open(cli.endpoints())) {
      Tasks tasks = connection.tasks();
      long now = System.currentTimeMillis();
      int shown = 0;
      for (String id : taskIds(connection)) {
        for (PendingApproval approval : pending(cli, tasks, id)) {
          if (shown++ > 0) cli.out().println();
          PolicyText.approval(id, approval, now, true).forEach(cli.out()::println);
        }
      }
      if (shown == 0) cli.note("no approvals pending");
      return 0;
    }
  }

  /**
   * The given task, else those the store says wait for approval: each running task records that
   * status there while a call waits, so no workflow needs asking but these.
   */
  private List<String> taskIds(Connection connection) {
    if (taskId != null) return List.of(taskId);
    // The primary: `watch` has just said a call waits, and a replica a moment behind would list nothing.
    return connection.requirePrimaryStore().tasksWithStatus(TaskStatus.awaiting_approval.label()).stream()
        .map(TaskRow::taskId)
        .toList();
  }

  /**
   * The task's pending approvals. One of several tasks whose workflow has gone since the store
   * recorded it (a restarted dev server) is noted and passed over; the one task asked for fails.
   */
  private List<PendingApproval> pending(Cli cli, Tasks tasks, String id) {
    try {
      Progress progress = tasks.progress(id);
      return progress.approvals() == null ? List.of() : progress.approvals();
    } catch (CliException gone) {
      if (taskId != null) throw gone;
      cli.note("longhaul: " + gone.getMessage());
      return List.of();
    }
  }
}
