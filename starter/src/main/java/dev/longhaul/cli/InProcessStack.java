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
    try (DevStack stack = DevStack.start(0, cli.home().resolve("postgres"), WorkerSettings.fromEnvironment(cli.env()))) {
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
