package dev.longhaul.cli;

import dev.longhaul.workflow.PickAnswered;
import dev.longhaul.workflow.PickRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

@Command(name = "pick", mixinStandardHelpOptions = true,
    description = {
      "Picks the attempt of a best-of-N task started with --review human: its changes are applied",
      "to the task's workspace and the task goes on from its context. Refused when no review",
      "waits for a pick, or the attempt does not exist or cannot be picked (see: longhaul attempts)."
    })
final class PickCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Parameters(index = "0", paramLabel = "ID")
  String taskId;

  @Parameters(index = "1", paramLabel = "N", description = "The attempt's number.")
  int attempt;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, recorded in the task's transcript.")
  String reason;

  @Override
  public Integer call() {
    try (Connection connection = Connection.open(parent.cli.endpoints())) {
      PickAnswered answered = connection.tasks().pick(taskId, new PickRequest(attempt, reason));
      parent.cli.note("picked attempt " + answered.attempt() + " (" + answered.attemptTaskId() + ") of " + taskId);
      return 0;
    }
  }
}
