package dev.longhaul.cli;

import dev.longhaul.workflow.ApprovalAnswer;
import dev.longhaul.workflow.ApprovalAnswered;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "deny", mixinStandardHelpOptions = true,
    description = "Refuses a tool call that waits for approval: the model is told, with the reason.")
final class DenyCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the model to read.")
  String reason;

  @Mixin PendingCall call;

  @Override
  public Integer call() {
    ApprovalAnswered answered = call.answer(parent.cli, id -> ApprovalAnswer.deny(id, reason));
    parent.cli.note("denied call " + answered.callId() + " of " + call.taskId + ": " + answered.command());
    return 0;
  }
}
