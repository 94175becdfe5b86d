package dev.longhaul.cli;

import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskInput;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a task, prints its id, follows its first turn and prints the answer.",
      "Ctrl-C detaches: the task keeps running."
    })
final class RunCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Option(names = "--workspace", paramLabel = "DIR", description = "Where the agent works (default: the current directory).")
  Path workspace;

  @Option(names = "--model", paramLabel = "M", description = "The model (default: the worker's LONGHAUL_MODEL).")
  String model;

  @Option(names = "--task-id", paramLabel = "ID", description = "The task's id (default: generated).")
  String taskId;

  @Option(names = "--detach", description = "Print the id and return at once.")
  boolean detach;

  @Parameters(paramLabel = "PROMPT", arity = "0..*", description = "What the agent should do.")
  List<String> prompt;

  @Override
  public Integer call() {
    Cli cli = parent.cli;
    String text = Inputs.message(prompt, "prompt");
    Path dir = Inputs.workspace(workspace);
    String id = taskId == null ? newTaskId() : Inputs.taskId(taskId);
    TaskInput input = TaskInput.of(dir.toString(), text).withModel(model);
    Endpoints endpoints = cli.endpoints();
    Optional<Connection> connection = Connection.tryOpen(endpoints);
    if (connection.isPresent()) {
      try (Connection c = connection.get()) {
        return run(cli, c, id, input);
      }
    }
    if (detach) {
      throw new CliException(
          "cannot reach a Temporal server at " + endpoints.address()
              + ": --detach needs one that outlives this command (start `longhaul dev`)");
    }
    cli.note("longhaul: no Temporal server at " + endpoints.address()
        + "; running this task in-process. It ends with this command: `longhaul dev` or a real"
        + " Temporal cluster is what survives a crash.");
    return InProcessStack.run(cli, stackConnection -> run(cli, stackConnection, id, input));
  }

  private int run(Cli cli, Connection connection, String id, TaskInput input) {
    if (connection.store().flatMap(s -> s.task(id)).isPresent()) {
      throw new CliException("a task with id " + id + " already exists");
    }
    AgentWorkflow workflow =
        connection.client().newWorkflowStub(AgentWorkflow.class, options(id, input));
    try {
      WorkflowClient.start(workflow::run, input);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new CliException("a task with id " + id + " already exists");
    }
    cli.out().println(detach ? id : "task " + id);
    if (detach) return 0;

    Tasks tasks = connection.tasks();
    Thread detachOnCtrlC = new Thread(() -> cli.note(
        "\nlonghaul: detached; task " + id + " keeps running (follow it with: longhaul watch " + id + ")"));
    Runtime.getRuntime().addShutdownHook(detachOnCtrlC);
    try {
      Progress done = new Watcher(cli, tasks).untilTurnEnds(id, 1);
      return Answers.print(cli, tasks, id, done);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(detachOnCtrlC);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running
      }
    }
  }

  private static WorkflowOptions options(String id, TaskInput input) {
    String firstLine = input.prompt().strip().lines().findFirst().orElse("");
    return WorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(AgentWorkflow.TASK_QUEUE)
        // A task id names one transcript: never start a second workflow over it.
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setStaticSummary(firstLine.length() <= 200 ? firstLine : firstLine.substring(0, 199) + "…")
        .setStaticDetails(
            "workspace: `" + input.workspace() + "`\n\nmodel: "
                + (input.model() == null ? "the worker's default" : input.model()))
        .build();
  }

  static String newTaskId() {
    String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return "lh-" + time + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  }
}
