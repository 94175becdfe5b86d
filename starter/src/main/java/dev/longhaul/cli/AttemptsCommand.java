package dev.longhaul.cli;

import dev.longhaul.git.AttemptRecord;
import dev.longhaul.git.Git;
import dev.longhaul.workflow.Attempts;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

@Command(name = "attempts", mixinStandardHelpOptions = true,
    description = {
      "Lists a best-of-N task's attempts (run --attempts): how each ended, its status, step,",
      "tokens and cost, its check result and its diff stats (computed here when its workspace is",
      "on this machine), and which one was picked and why. With --remove, deletes the attempts'",
      "workspaces on this machine once the review is over."
    })
final class AttemptsCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Parameters(paramLabel = "ID")
  String taskId;

  @Option(names = "--remove", description = "Delete the attempts' workspaces on this machine (refused while they are in review).")
  boolean remove;

  /** While the task is in one of these, an attempt's workspace may still be read or written. */
  private static final Set<Attempts.Phase> IN_REVIEW = EnumSet.of(Attempts.Phase.running, Attempts.Phase.checking,
      Attempts.Phase.reviewing, Attempts.Phase.awaiting_pick, Attempts.Phase.applying);

  /** Where an attempt's workspace is, from the store. */
  private static Optional<Path> workspaceOf(Connection connection, String attemptId) {
    return connection.store().flatMap(s -> s.task(attemptId)).map(row -> row.workspace()).map(Path::of);
  }

  @Override
  public Integer call() {
    Cli cli = parent.cli;
    try (Connection connection = Connection.open(cli.endpoints())) {
      AttemptsReport report = AttemptsReport.of(connection, taskId, true).orElseThrow(() -> {
        connection.tasks().view(taskId); // an unknown task says so
        return new CliException("task " + taskId + " has no attempts (it was not started with --attempts)");
      });
      if (!remove) {
        report.lines().forEach(cli.out()::println);
        return 0;
      }
      if (report.attempts() != null && IN_REVIEW.contains(report.attempts().phase())) {
        throw new CliException("task " + taskId + "'s attempts are in review ("
            + report.attempts().phase().name().replace('_', ' ') + "); remove them once it is over");
      }
      int removed = 0;
      for (AttemptsReport.Row row : report.rows()) {
        Optional<AttemptRecord> record = workspaceOf(connection, row.taskId()).flatMap(AttemptRecord::of);
        if (record.isEmpty()) continue;
        record.get().remove(Git.fromSystem());
        removed++;
      }
      cli.err().println(removed == 0
          ? "no workspace of " + taskId + "'s attempts is on this machine"
          : "removed the workspaces of " + removed + " of " + taskId + "'s " + report.rows().size() + " attempts");
      return 0;
    }
  }
}
