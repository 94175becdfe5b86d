package dev.longhaul.cli;

import dev.longhaul.worker.DevStack;
import dev.longhaul.worker.LonghaulWorker.WorkerSettings;
import io.temporal.envconfig.ClientConfigProfile;
import java.util.function.ToIntFunction;

/** The whole stack inside this command, for a machine with no Temporal server running. */
final class InProcessStack {
  private InProcessStack() {}

  static int run(Cli cli, ToIntFunction<Connection> command) {
    Inputs.requireModelAccess(cli.env());
    var settings = Inputs.workerSettings(cli);
    // The dev stack's PostgreSQL directory, which one stack at a time may use.
    DevLock lock = DevLock.acquire(cli.home(), "an in-process run", "run this task there, without --in-process");
    cli.note("longhaul: running this task in-process: it ends with this command (without --in-process,"
        + " `longhaul run` starts the dev stack in the background, and the task survives a crash)");
    DevStack started;
    try {
      started = DevStack.start(0, cli.home().resolve("postgres"), settings);
    } catch (RuntimeException e) {
      lock.close();
      throw new CliException("cannot start the in-process stack: " + e.getMessage());
    }
    try (lock; DevStack stack = started) {
      Endpoints endpoints =
          new Endpoints(
              ClientConfigProfile.getDefaultInstance(), stack.temporalAddress(), DevStack.NAMESPACE,
              stack.databaseUrl(), true);
      try (Connection connection = Connection.open(endpoints)) {
        return command.applyAsInt(connection);
      }
    }
  }
}
