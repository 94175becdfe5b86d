package dev.longhaul.cli;

import dev.longhaul.store.TaskRow;
import dev.longhaul.workflow.RestoreFrom;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "fork", mixinStandardHelpOptions = true,
    description = "Starts a new task from another task's checkpoint (default: its latest state).")
final class ForkCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Option(names = "--checkpoint", paramLabel = "N", description = "Fork exactly this checkpoint.")
  Integer checkpoint;

  @Option(names = "--task-id", paramLabel = "NEW", description = "The new task's id (default: generated).")
  String newId;

  @Mixin PolicyOptions policy;

  @Option(names = "--detach", description = "Print the new id and return at once.")
  boolean detach;

  @Parameters(index = "0", paramLabel = "ID")
  String taskId;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "MESSAGE", description = "The new task's first turn.")
  List<String> message;

  @Override
  public Integer call() {
    Cli cli = parent.cli;
    String text = Inputs.message(message, "message");
    TaskPolicy taskPolicy = policy.taskPolicy(null, false);
    String id = newId == null ? RunCommand.newTaskId() : Inputs.taskId(newId);
    Launch launch = new Launch(cli, detach);
    return launch.connected(connection -> {
      TaskRow row = Restores.source(connection, taskId, checkpoint);
      connection.tasks().requireNewId(id);
      TaskInput input = new TaskInput(row.workspace(), text, row.model(), null,
          new RestoreFrom(taskId, checkpoint), null, taskPolicy, null);
      return launch.start(connection, id, input, row.turn() + 1,
          WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
    });
  }
}
