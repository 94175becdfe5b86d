package dev.longhaul.cli;

import dev.longhaul.workflow.ApprovalAnswer;
import dev.longhaul.workflow.ApprovalAnswered;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "approve", mixinStandardHelpOptions = true,
    description = "Lets a tool call that waits for approval run (see: longhaul approvals).")
final class ApproveCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Option(names = "--for-task", description = "Also approve identical commands for the rest of the task.")
  boolean forTask;

  @Mixin PendingCall call;

  @Override
  public Integer call() {
    ApprovalAnswered answered = call.answer(parent.cli, id -> ApprovalAnswer.approve(id, forTask));
    parent.cli.note("approved call " + answered.callId() + " of " + call.taskId
        + (answered.forTask() ? ", and identical commands for the rest of the task" : "")
        + ": " + answered.command());
    return 0;
  }
}
