package dev.longhaul.cli;

import dev.longhaul.workflow.BestOf;
import dev.longhaul.workflow.TaskInput;
import java.time.Duration;
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

  @Option(names = "--attempts", paramLabel = "N",
      description = "Best of N (2 to 8): run the first turn as N attempts in parallel, each in its own copy of the workspace (ids ID.1 … ID.N), then review them and keep one.")
  Integer attempts;

  @Option(names = "--check", paramLabel = "COMMAND",
      description = "With --attempts: a command run (sandboxed) in each attempt's workspace before the review, e.g. \"mvn -q test\".")
  String check;

  @Option(names = "--review", paramLabel = "WHO",
      description = "With --attempts: model (default) asks the model to pick; human waits for `longhaul pick ID N`.")
  String review;

  @Option(names = "--attempt-timeout", paramLabel = "DURATION",
      description = "With --attempts: how long the review waits for an attempt (default 2h; 90m, PT2H).")
  String attemptTimeout;

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
    TaskInput input = where.withModel(model).withProvider(api)
        .withPolicy(policy.taskPolicy(budget.budget(), rerunOnCrash)).withBestOf(bestOf());
    Launch launch = new Launch(cli, detach, inProcess);
    return launch.connected(connection -> {
      connection.tasks().requireNewId(id);
      if (attempts != null) {
        for (int n = 1; n <= attempts; n++) connection.tasks().requireNewId(BestOf.attemptId(id, n));
      }
      // A task id names one transcript: never start a second workflow over it.
      return launch.start(connection, id, input, 1, WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
    });
  }

  /** The best-of-N options, checked here so that bad ones fail with one line before a task starts. */
  private BestOf bestOf() {
    if (attempts == null) {
      if (check != null || review != null || attemptTimeout != null) {
        throw new CliException("--check, --review and --attempt-timeout go with --attempts");
      }
      return null;
    }
    if (review != null && !review.equals("model") && !review.equals("human")) {
      throw new CliException("--review must be model or human, not \"" + review + "\"");
    }
    Duration timeout = null;
    if (attemptTimeout != null) {
      timeout = Durations.parse(attemptTimeout).orElseThrow(() ->
          new CliException("--attempt-timeout must be a duration such as 90m, 2h or PT2H, not \"" + attemptTimeout + "\""));
    }
    BestOf options = BestOf.of(attempts, check, "human".equals(review), timeout);
    options.refusal().ifPresent(refusal -> {
      throw new CliException(refusal);
    });
    return options;
  }

  static String newTaskId() {
    String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return "lh-" + time + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  }
}
