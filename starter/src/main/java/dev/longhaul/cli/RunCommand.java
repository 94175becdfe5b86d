package dev.longhaul.cli;

import dev.longhaul.workflow.TaskInput;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a task, prints its id, follows its first turn and prints the answer.",
      "Ctrl-C detaches: the task keeps running. With no Temporal server, starts the dev stack",
      "in the background (`longhaul dev stop` stops it)."
    })
final class RunCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Option(names = "--workspace", paramLabel = "DIR",
      description = "Where the agent works (default: the current directory). With --repo: where to clone it, a new or empty directory (default: the worker's workspace root).")
  Path workspace;

  @Option(names = "--repo", paramLabel = "URL_OR_PATH",
      description = "Clone this git repository as the task's workspace; the worker clones it when the task starts.")
  String repo;

  @Option(names = "--ref", paramLabel = "REF",
      description = "With --repo: the branch, tag or commit to check out (default: the repository's default branch).")
  String ref;

  @Option(names = "--model", paramLabel = "M", description = "The model (default: the worker's LONGHAUL_MODEL).")
  String model;

  @Option(names = "--provider", paramLabel = "NAME",
      description = "The model API: openai-responses, openai-chat or anthropic (default: the worker's LONGHAUL_PROVIDER).")
  String provider;

  @Option(names = "--task-id", paramLabel = "ID", description = "The task's id (default: generated).")
  String taskId;

  @Option(names = "--detach", description = "Print the id and return at once.")
  boolean detach;

  @Option(names = "--in-process",
      description = "Run the whole stack inside this command, whatever server runs: the task ends with the command.")
  boolean inProcess;

  @Mixin PolicyOptions policy;

  @Mixin BudgetOptions budget;

  @Option(names = "--rerun-on-crash",
      description = "Run a command or patch again when its worker died mid-call (at-least-once), instead of telling the model it was cut off.")
  boolean rerunOnCrash;

  @Parameters(paramLabel = "PROMPT", arity = "0..*", description = "What the agent should do.")
  List<String> prompt;

  @Override
  public Integer call() {
    Cli cli = parent.cli;
    String text = Inputs.message(prompt, "prompt");
    if (ref != null && repo == null) throw new CliException("--ref goes with --repo");
    TaskInput where = repo == null
        ? TaskInput.of(Inputs.workspace(workspace).toString(), text)
        : TaskInput.of(Inputs.cloneTarget(workspace), text).withRepo(Inputs.repo(repo), Inputs.ref(ref));
    String id = taskId == null ? newTaskId() : Inputs.taskId(taskId);
    String api = provider == null ? null : Inputs.provider(provider, "--provider").label();
    TaskInput input = where.withModel(model).withProvider(api).withPolicy(policy.taskPolicy(budget.budget(), rerunOnCrash));
    Launch launch = new Launch(cli, detach, inProcess);
    return launch.connected(connection -> {
      connection.tasks().requireNewId(id);
      // A task id names one transcript: never start a second workflow over it.
      return launch.start(connection, id, input, 1, WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
    });
  }

  static String newTaskId() {
    String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return "lh-" + time + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  }
}
