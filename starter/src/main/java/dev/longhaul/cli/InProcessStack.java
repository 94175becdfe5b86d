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
    var settings = Inputs.workerSettings(cli.env());
    DevStack started;
    try {
      started = DevStack.start(0, cli.home().resolve("postgres"), settings);
    } catch (RuntimeException e) {
      throw new CliException("cannot start the in-process stack (is another in-process run using "
          + cli.home().resolve("postgres") + "?): " + e.getMessage());
    }
    try (DevStack stack = started) {
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
