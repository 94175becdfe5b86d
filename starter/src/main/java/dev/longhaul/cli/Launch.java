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
 * Starts a task's workflow and follows its turn: what run, resume and fork share. Falls back to
 * the in-process stack when no Temporal server answers (unless detaching).
 */
final class Launch {
  private final Cli cli;
  private final boolean detach;
  private boolean inProcess;

  Launch(Cli cli, boolean detach) {
    this.cli = cli;
    this.detach = detach;
  }

  /** Connects, to a server or in-process, and runs {@code command} with the connection. */
  int connected(ToIntFunction<Connection> command) {
    Endpoints endpoints = cli.endpoints();
    Optional<Connection> connection = Connection.tryOpen(endpoints);
    if (connection.isPresent()) {
      try (Connection c = connection.get()) {
        return command.applyAsInt(c);
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
    inProcess = true;
    return InProcessStack.run(cli, command);
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
