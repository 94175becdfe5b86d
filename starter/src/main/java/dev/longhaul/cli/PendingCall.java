package dev.longhaul.cli;

import dev.longhaul.workflow.ApprovalAnswer;
import dev.longhaul.workflow.ApprovalAnswered;
import java.util.function.Function;
import picocli.CommandLine.Parameters;

/** {@code ID [CALL_ID]}: the waiting call that {@code approve} and {@code deny} answer. */
final class PendingCall {
  @Parameters(index = "0", paramLabel = "ID")
  String taskId;

  @Parameters(index = "1", arity = "0..1", paramLabel = "CALL_ID",
      description = "The call (see: longhaul approvals); may be left out when only one is pending.")
  String callId;

  /**
   * Sends the answer {@code answerFor} makes of the call id, and returns what the workflow
   * decided; a refusal fails with its one line.
   */
  ApprovalAnswered answer(Cli cli, Function<String, ApprovalAnswer> answerFor) {
    try (Connection connection = Connection.open(cli.endpoints())) {
      return connection.tasks().answerApproval(taskId, answerFor.apply(callId));
    }
  }
}
