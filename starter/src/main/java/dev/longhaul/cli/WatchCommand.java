package dev.longhaul.cli;

import dev.longhaul.workflow.Progress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "watch", mixinStandardHelpOptions = true,
    description = "Follows a task live until it is idle or has ended, then prints its last answer.")
final class WatchCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Parameters(paramLabel = "ID")
  String taskId;

  @Override
  public Integer call() {
    Cli cli = parent.cli;
    try (Connection connection = Connection.open(cli.endpoints())) {
      Tasks tasks = connection.tasks();
      Progress done = new Watcher(cli, tasks).untilIdle(taskId);
      return Answers.print(cli, tasks, taskId, done);
    }
  }
}
