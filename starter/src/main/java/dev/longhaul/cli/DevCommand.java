package dev.longhaul.cli;

import dev.longhaul.worker.CliDevServer;
import dev.longhaul.worker.DevDatabase;
import dev.longhaul.worker.DevStack;
import dev.longhaul.worker.EmbeddedDatabase;
import dev.longhaul.worker.JavaTestServer;
import dev.longhaul.worker.LonghaulWorker.WorkerSettings;
import dev.longhaul.worker.Ports;
import dev.longhaul.worker.TemporalServer;
import dev.longhaul.worker.WorkerMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "dev", mixinStandardHelpOptions = true,
    subcommands = {DevStatusCommand.class, DevStopCommand.class},
    description = {
      "Runs the development stack in one process: Temporal's own dev server from the Temporal CLI",
      "(its UI on --ui-port, workflows kept in ~/.longhaul/temporal.db; the CLI is downloaded once",
      "when none is found) or else Temporal's Java test server, an embedded PostgreSQL (data under",
      "~/.longhaul/postgres) and a worker. Other commands find it there."
    })
final class DevCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Option(names = "--port", paramLabel = "P",
      description = "Temporal's frontend port (default: LONGHAUL_DEV_PORT, else 7233).")
  Integer port;

  @Option(names = "--ui-port", paramLabel = "P", description = "The Temporal UI's port (default: the frontend port + 1000, 8233).")
  Integer uiPort;

  @Option(names = "--java-test-server",
      description = "Run Temporal's Java test server even when the Temporal CLI is available (no UI; workflows end with this process).")
  boolean javaTestServer;

  @Option(names = "--reset-db",
      description = "Move the dev server's workflow database aside (kept, renamed) and start with an empty one.")
  boolean resetDb;

  @Option(names = "--no-worker", description = "Start no worker: run `longhaul worker` separately.")
  boolean noWorker;

  /** The default port of OpenTelemetry's Prometheus exporter: scrape configs written for it fit. */
  static final int DEFAULT_METRICS_PORT = 9464;

  @Mixin MetricsOptions metricsOptions;

  @Override
  public Integer call() throws InterruptedException {
    Cli cli = parent.cli;
    int frontend = port != null ? port : Endpoints.devPort(cli.env());
    int ui = uiPort != null ? uiPort : frontend + 1000;
    if (!noWorker) Inputs.requireModelAccess(cli.env());
    WorkerSettings worker = noWorker ? null : Inputs.workerSettings(cli);
    try (DevLock lock = DevLock.acquire(cli.home(), "longhaul dev", "see `longhaul dev status`; stop it with `longhaul dev stop`")) {
      stopLeftovers(cli);
      DevServerChoice choice = javaTestServer ? DevServerChoice.javaTestServer() : DevServerChoice.choose(cli);
      if (choice.note() != null) cli.note(choice.note());
      WorkerMetrics metrics = noWorker ? WorkerMetrics.off() : metricsOptions.start(cli, DEFAULT_METRICS_PORT);
      DevStack stack;
      try {
        stack = start(cli, choice, frontend, ui, worker == null ? null : worker.withMetrics(metrics));
      } catch (RuntimeException e) {
        metrics.close();
        throw e;
      }
      TemporalServer temporal = stack.temporal();
      DevRecord record = new DevRecord(stack.temporalAddress(), DevStack.NAMESPACE, stack.databaseUrl(),
          ProcessHandle.current().pid(), temporal.kind(), temporal.uiAddress(), temporal.pid().orElse(0));
      record.write(cli.home());
      DevStatusCommand.print(cli, record);
      cli.out().println("worker:      " + (noWorker ? "none (run `longhaul worker`)" : "running as host " + worker.host().hostId() + "; " + worker.confinement().describe()));
      if (metrics.url() != null) cli.out().println("metrics:     " + metrics.url());
      cli.out().println("recorded in " + DevRecord.file(cli.home()) + "; stop with Ctrl-C or `longhaul dev stop`");
      cli.out().flush();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        DevRecord.delete(cli.home());
        stack.close();
        metrics.close();
        stopped.countDown();
      }));
      stopped.await();
      return 0;
    }
  }

  private DevStack start(Cli cli, DevServerChoice choice, int frontend, int ui, WorkerSettings worker) {
    if (!Ports.isFree(frontend)) throw new CliException(Ports.frontendTaken(frontend));
    if (choice.cli() != null && !Ports.isFree(ui)) throw new CliException(Ports.uiTaken(ui));
    Path postgres = cli.home().resolve("postgres");
    try {
      if (choice.cli() == null) return DevStack.start(JavaTestServer.start(frontend), postgres, worker);
      Path database = prepareDatabase(cli, cli.home().resolve("temporal.db"));
      CliDevServer server = CliDevServer.start(
          new CliDevServer.Options(choice.cli(), frontend, ui, database, cli.home().resolve("temporal.log")),
          Duration.ofSeconds(60));
      return DevStack.start(server, postgres, worker);
    } catch (CliException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CliException("cannot start the dev stack: " + e.getMessage());
    }
  }

  /** Refuses a damaged database unless asked to start afresh; moves it aside when asked. */
  private Path prepareDatabase(Cli cli, Path database) {
    try {
      if (resetDb && Files.exists(database)) {
        Path aside = DevDatabase.moveAside(database);
        cli.note("longhaul: moved the dev server's database aside to " + aside + "; starting with an empty one");
        return database;
      }
      DevDatabase.damage(database).ifPresent(damage -> {
        throw new CliException(DevDatabase.damaged(database, damage));
      });
      return database;
    } catch (IOException e) {
      throw new CliException("cannot read the dev server's database " + database + ": " + e.getMessage());
    }
  }

  /**
   * A {@code longhaul dev} that was SIGKILLed ran no shutdown hook: its PostgreSQL (detached from
   * it by design) still holds the data directory, and its Temporal server may still hold the ports
   * where the kernel could not be asked to end it with its parent. This process holds the lock
   * now, so whatever runs there is left over: stop it.
   */
  private static void stopLeftovers(Cli cli) {
    StringBuilder stopped = new StringBuilder();
    DevRecord.readAny(cli.home())
        .filter(stale -> stale.serverPid() > 0)
        .flatMap(stale -> ProcessHandle.of(stale.serverPid()))
        .filter(p -> p.info().commandLine().map(c -> c.contains("start-dev")).orElse(false))
        .ifPresent(server -> {
          Processes.stop(server, Duration.ofSeconds(10));
          stopped.append("the Temporal dev server (pid ").append(server.pid()).append(")");
        });
    EmbeddedDatabase.stopLeftover(cli.home().resolve("postgres")).ifPresent(pid ->
        stopped.append(stopped.isEmpty() ? "" : " and ").append("PostgreSQL (pid ").append(pid).append(")"));
    DevRecord.delete(cli.home());
    if (!stopped.isEmpty()) cli.note("longhaul: stopped " + stopped + ", which a killed `longhaul dev` had left running");
  }
}
