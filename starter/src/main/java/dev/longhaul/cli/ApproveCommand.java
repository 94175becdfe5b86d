package dev.longhaul.cli;

import dev.longhaul.workflow.ApprovalAnswer;
import dev.longhaul.workflow.ApprovalAnswered;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "approve", mixinStandardHelpOptions = true,
    description = "Lets a tool call that waits for approval run (see: longhaul approvals).")
final class ApproveCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Option(names = "--for-task", description = "Also approve identical commands for the rest of the task.")
  boolean forTask;

  @Parameters(index = "0", paramLabel = "ID")
  String taskId;

  @Parameters(index = "1", arity = "0..1", paramLabel = "CALL_ID",
      description = "The call to approve; may be left out when only one is pending.")
  String callId;

  @Override
  public Integer call() {
    Cli cli = parent.cli;
    try (Connection connection = Connection.open(cli.endpoints())) {
      ApprovalAnswered answered =
          connection.tasks().answerApproval(taskId, ApprovalAnswer.approve(callId, forTask));
      cli.note("approved call " + answered.callId() + " of " + taskId
          + (answered.forTask() ? ", and identical commands for the rest of the task" : "")
          + ": " + answered.command());
      return 0;
    }
  }
}
