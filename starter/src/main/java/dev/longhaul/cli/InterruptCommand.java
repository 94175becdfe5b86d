package dev.longhaul.cli;

import dev.longhaul.workflow.InterruptRequest;
import dev.longhaul.workflow.TaskStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "interrupt", mixinStandardHelpOptions = true,
    description = "Stops the task's current turn; a running command is killed, a pending approval cancelled.")
final class InterruptCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Option(names = "--reason", defaultValue = "interrupted from the command line")
  String reason;

  @Parameters(paramLabel = "ID")
  String taskId;

  @Override
  public Integer call() {
    Cli cli = parent.cli;
    try (Connection connection = Connection.open(cli.endpoints())) {
      Tasks tasks = connection.tasks();
      TaskStatus status = tasks.progress(taskId).status();
      if (!status.inTurn()) {
        throw new CliException("task " + taskId + " is idle: there is no turn to interrupt");
      }
      tasks.workflow(taskId).interrupt(new InterruptRequest(reason));
      cli.note("interrupt sent to " + taskId);
      return 0;
    }
  }
}
