package dev.longhaul.cli;

import dev.longhaul.workflow.ApprovalAnswer;
import dev.longhaul.workflow.ApprovalAnswered;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "deny", mixinStandardHelpOptions = true,
    description = "Refuses a tool call that waits for approval: the model is told, with the reason.")
final class DenyCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the model to read.")
  String reason;

  @Parameters(index = "0", paramLabel = "ID")
  String taskId;

  @Parameters(index = "1", arity = "0..1", paramLabel = "CALL_ID",
      description = "The call to deny; may be left out when only one is pending.")
  String callId;

  @Override
  public Integer call() {
    Cli cli = parent.cli;
    try (Connection connection = Connection.open(cli.endpoints())) {
      ApprovalAnswered answered =
          connection.tasks().answerApproval(taskId, ApprovalAnswer.deny(callId, reason));
      cli.note("denied call " + answered.callId() + " of " + taskId + ": " + answered.command());
      return 0;
    }
  }
}
