package dev.longhaul.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

@Command(name = "attempts", mixinStandardHelpOptions = true,
    description = {
      "Lists a best-of-N task's attempts (run --attempts): how each ended, its status, step,",
      "tokens and cost, its check result and its diff stats (computed here when its workspace is",
      "on this machine), and which one was picked and why."
    })
final class AttemptsCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Parameters(paramLabel = "ID")
  String taskId;

  @Override
  public Integer call() {
    Cli cli = parent.cli;
    try (Connection connection = Connection.open(cli.endpoints())) {
      AttemptsReport report = AttemptsReport.of(connection, taskId, true).orElseThrow(() -> {
        connection.tasks().view(taskId); // an unknown task says so
        return new CliException("task " + taskId + " has no attempts (it was not started with --attempts)");
      });
      report.lines().forEach(cli.out()::println);
      return 0;
    }
  }
}
