package dev.longhaul.cli;

import dev.longhaul.worker.TaskOptions;
import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskInput;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Starts a task's workflow and follows its turn: what run, resume and fork share. When no Temporal
 * server answers where none is configured, starts the dev stack in the background, so that the
 * task outlives the command; {@code --in-process} runs the whole stack inside the command instead.
 */
final class Launch {
  private final Cli cli;
  private final boolean detach;
  private final boolean inProcess;

  Launch(Cli cli, boolean detach) {
    this(cli, detach, false);
  }

  /** @param inProcess run the whole stack inside this command, whatever servers there are */
  Launch(Cli cli, boolean detach, boolean inProcess) {
    if (detach && inProcess) {
      throw new CliException("--detach and --in-process exclude each other: a task run in-process ends with this command");
    }
    this.cli = cli;
    this.detach = detach;
    this.inProcess = inProcess;
  }

  /** Connects, to a server or in-process, and runs {@code command} with the connection. */
  int connected(ToIntFunction<Connection> command) {
    if (inProcess) return InProcessStack.run(cli, command);
    Endpoints endpoints = cli.endpoints();
    Optional<Connection> connection = Connection.tryOpen(endpoints);
    try (Connection c = connection.orElseGet(() -> startDevStack(endpoints))) {
      return command.applyAsInt(c);
    }
  }

  /**
   * The dev stack, started in the background, when nothing answers where it would run. A server
   * that was configured, or a dev stack that does not answer, is not replaced: it is named.
   */
  private Connection startDevStack(Endpoints endpoints) {
    if (endpoints.fromDevStack()) {
      throw new CliException("the dev stack recorded in " + DevRecord.file(cli.home()) + " does not answer at "
          + endpoints.address() + ": `longhaul dev stop`, then try again");
    }
    if (!endpoints.address().equals(Endpoints.defaultAddress(cli.env()))) {
      throw new CliException("cannot reach a Temporal server at " + endpoints.address()
          + " (set by TEMPORAL_ADDRESS or the client configuration): start it, or unset it and `longhaul`"
          + " starts its own dev stack" + (detach ? "" : ", or run this task with --in-process"));
    }
    BackgroundDev.start(cli, endpoints.address());
    return Connection.open(cli.endpoints());
  }

  /**
   * Starts the workflow {@code id}, prints the id, then (unless detached) follows turn {@code
   * turn} and prints its answer.
   *
   * @param reuse whether a closed workflow of the same id may be started again (resume) or not
   */
  int start(Connection connection, String id, TaskInput input, int turn, WorkflowIdReusePolicy reuse) {
    AgentWorkflow workflow = connection.client().newWorkflowStub(AgentWorkflow.class, options(id, input, reuse));
    try {
      WorkflowClient.start(workflow::run, input);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new CliException("task " + id + " is already running");
    }
    cli.out().println(detach ? id : "task " + id);
    if (detach) return 0;

    Tasks tasks = connection.tasks();
    Thread detachOnCtrlC = new Thread(() -> cli.note(inProcess
        ? "\nlonghaul: stopped; task " + id + " ran in this command and stops with it (its transcript"
            + " is kept: continue it with `longhaul resume " + id + "`)"
        : "\nlonghaul: detached; task " + id + " keeps running (follow it with: longhaul watch " + id + ")"));
    Runtime.getRuntime().addShutdownHook(detachOnCtrlC);
    try {
      Progress done = new Watcher(cli, tasks, inProcess).untilTurnEnds(id, turn);
      return Answers.print(cli, tasks, id, done);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(detachOnCtrlC);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running
      }
    }
  }

  private static WorkflowOptions options(String id, TaskInput input, WorkflowIdReusePolicy reuse) {
    return TaskOptions.forStart(id, input, reuse);
  }
}
