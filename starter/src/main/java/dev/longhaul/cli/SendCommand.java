package dev.longhaul.cli;

import dev.longhaul.workflow.Budget;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TurnRequest;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "send", mixinStandardHelpOptions = true,
    description = {
      "Sends a follow-up turn to a task (queued if a turn is running).",
      "--max-cost, --max-tokens and --max-duration replace the task's limits: a task its budget stopped goes on."
    })
final class SendCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Option(names = "--wait", description = "Follow the turn and print its answer.")
  boolean await;

  @Option(names = "--model", paramLabel = "M", description = "Switch to this model from this turn on.")
  String model;

  @Option(names = "--provider", paramLabel = "NAME",
      description = "Continue with this model API from this turn on (openai-responses, openai-chat, anthropic): the task first compacts its context into a handoff summary the new provider reads.")
  String provider;

  /** Raises the task's limits from this turn on: a task stopped by its budget goes on. */
  @Mixin BudgetOptions budget;

  @Parameters(index = "0", paramLabel = "ID")
  String taskId;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "MESSAGE")
  List<String> message;

  @Override
  public Integer call() {
    Cli cli = parent.cli;
    String text = Inputs.message(message, "message");
    Budget raise = budget.budget();
    String api = provider == null ? null : Inputs.provider(provider, "--provider").label();
    try (Connection connection = Connection.open(cli.endpoints())) {
      Tasks tasks = connection.tasks();
      tasks.refuseAttempt(taskId);
      Progress before = tasks.progress(taskId);
      tasks.workflow(taskId).submitTurn(new TurnRequest(text, model, raise, api));
      int turn = before.turn() + before.queuedTurns() + 1;
      cli.note("sent to " + taskId + " as turn " + turn);
      if (raise != null) {
        Budget now = before.budget() == null ? raise : before.budget().raisedBy(raise);
        cli.note("budget from this turn on: " + PolicyText.budget(now, null, null));
      }
      if (!await) return 0;
      Progress done = new Watcher(cli, tasks).untilTurnEnds(taskId, turn);
      return Answers.print(cli, tasks, taskId, done);
    }
  }
}
