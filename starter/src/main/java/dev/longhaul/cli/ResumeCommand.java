package dev.longhaul.cli;

import dev.longhaul.store.TaskRow;
import dev.longhaul.workflow.RestoreFrom;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskPolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "resume", mixinStandardHelpOptions = true,
    description = {
      "Restarts a task whose workflow is gone (terminated, or the dev server was restarted).",
      "Without --checkpoint: from its latest checkpoint and everything stored after it."
    })
final class ResumeCommand implements Callable<Integer> {
  static final String DEFAULT_MESSAGE = "Continue the task from where you left off.";

  @ParentCommand Longhaul parent;

  @Option(names = "--checkpoint", paramLabel = "N", description = "Start from exactly this checkpoint.")
  Integer checkpoint;

  @Mixin PolicyOptions policy;

  @Option(names = "--detach", description = "Print the id and return at once.")
  boolean detach;

  @Parameters(index = "0", paramLabel = "ID")
  String taskId;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "MESSAGE",
      description = "The turn to resume with (default: \"" + DEFAULT_MESSAGE + "\").")
  List<String> message;

  @Override
  public Integer call() {
    Cli cli = parent.cli;
    String text = message == null || message.isEmpty() ? DEFAULT_MESSAGE : Inputs.message(message, "message");
    TaskPolicy taskPolicy = policy.taskPolicy(null, false);
    Launch launch = new Launch(cli, detach);
    return launch.connected(connection -> {
      TaskRow row = Restores.source(connection, taskId, checkpoint);
      var status = connection.tasks().workflowStatus(taskId);
      if (status.isPresent() && status.get() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        throw new CliException("task " + taskId + " is still running: there is nothing to resume");
      }
      TaskInput input = new TaskInput(row.workspace(), text, row.model(), null,
          new RestoreFrom(taskId, checkpoint), null, taskPolicy, null);
      return launch.start(connection, taskId, input, row.turn() + 1,
          WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
    });
  }
}
