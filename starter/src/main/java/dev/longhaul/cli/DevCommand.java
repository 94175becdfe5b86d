package dev.longhaul.cli;

import dev.longhaul.worker.DevStack;
import dev.longhaul.worker.LonghaulWorker.WorkerSettings;
import dev.longhaul.worker.WorkerMetrics;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "dev", mixinStandardHelpOptions = true,
    description = {
      "Runs the development stack in one process: Temporal's test server on a port, an embedded",
      "PostgreSQL (data under ~/.longhaul/postgres) and a worker. Other commands find it there."
    })
final class DevCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Option(names = "--port", defaultValue = "7233", description = "Temporal's port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--no-worker", description = "Start no worker: run `longhaul worker` separately.")
  boolean noWorker;

  /** The default port of OpenTelemetry's Prometheus exporter: scrape configs written for it fit. */
  static final int DEFAULT_METRICS_PORT = 9464;

  @Mixin MetricsOptions metricsOptions;

  @Override
  public Integer call() throws InterruptedException {
    Cli cli = parent.cli;
    DevRecord.read(cli.home()).ifPresent(running -> {
      throw new CliException("longhaul dev is already running (pid " + running.pid() + ") at "
          + running.temporalAddress());
    });
    if (!noWorker) Inputs.requireModelAccess(cli.env());
    WorkerSettings worker = noWorker ? null : Inputs.workerSettings(cli.env());
    WorkerMetrics metrics = noWorker ? WorkerMetrics.off() : metricsOptions.start(cli, DEFAULT_METRICS_PORT);
    DevStack stack;
    try {
      stack = DevStack.start(port, cli.home().resolve("postgres"), worker == null ? null : worker.withMetrics(metrics));
    } catch (RuntimeException e) {
      metrics.close();
      throw new CliException("cannot start the dev stack: " + e.getMessage());
    }
    new DevRecord(stack.temporalAddress(), DevStack.NAMESPACE, stack.databaseUrl(), ProcessHandle.current().pid())
        .write(cli.home());
    cli.out().println("Temporal:   " + stack.temporalAddress() + " (namespace " + DevStack.NAMESPACE + ")");
    cli.out().println("PostgreSQL: " + stack.databaseUrl());
    cli.out().println("worker:     " + (noWorker ? "none (run `longhaul worker`)" : "running; " + worker.confinement().describe()));
    if (metrics.url() != null) cli.out().println("metrics:    " + metrics.url());
    cli.out().println("recorded in " + DevRecord.file(cli.home()) + "; stop with Ctrl-C");
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
