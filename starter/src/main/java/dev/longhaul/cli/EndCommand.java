package dev.longhaul.cli;

import dev.longhaul.workflow.EndRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "end", mixinStandardHelpOptions = true,
    description = "Ends a task once the turns already sent are done.")
final class EndCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Parameters(paramLabel = "ID")
  String taskId;

  @Override
  public Integer call() {
    Cli cli = parent.cli;
    try (Connection connection = Connection.open(cli.endpoints())) {
      Tasks tasks = connection.tasks();
      tasks.requireRunning(taskId);
      tasks.workflow(taskId).end(new EndRequest("ended from the command line"));
      cli.note("task " + taskId + " will end once idle");
      return 0;
    }
  }
}
