package dev.longhaul.cli;

import dev.longhaul.worker.DevStack;
import dev.longhaul.worker.LonghaulWorker;
import dev.longhaul.worker.LonghaulWorker.WorkerSettings;
import dev.longhaul.worker.SearchAttributes;
import dev.longhaul.worker.WorkerMetrics;
import dev.longhaul.worker.WorkflowCache;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.longhaul.contract.HostBinding;
import dev.longhaul.worker.HostSettings;
import java.nio.file.Path;
import picocli.CommandLine.ParentCommand;

@Command(name = "worker", mixinStandardHelpOptions = true,
    description = {
      "Runs a worker for TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE (or a running `longhaul dev`)",
      "and LONGHAUL_DATABASE_URL, until stopped."
    })
final class WorkerCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Mixin MetricsOptions metricsOptions;

  @Option(names = "--host-id", paramLabel = "ID",
      description = "This host's id: tasks whose workspaces are here are bound to it (default: the host name).")
  String hostId;

  @Option(names = "--workspace-root", paramLabel = "DIR",
      description = "Where workspaces restored on this host go (default: $LONGHAUL_HOME/workspaces).")
  Path workspaceRoot;

  @Option(names = "--workflow-cache", paramLabel = "N",
      description = "Keep at most N workflows in memory (default: " + WorkflowCache.DEFAULT_SIZE + "); an evicted idle"
          + " task costs no thread and replays its history at its next step.")
  int workflowCache = WorkflowCache.DEFAULT_SIZE;

  @Override
  public Integer call() throws InterruptedException {
    Cli cli = parent.cli;
    Inputs.requireModelAccess(cli.env());
    var settings = Inputs.workerSettings(cli);
    if (hostId != null) {
      if (!HostSettings.validHostId(hostId)) {
        throw new CliException("--host-id must be letters, digits, '.', '_' or '-', not \"" + hostId + "\"");
      }
      settings = settings.withHost(settings.host().withHostId(hostId));
    }
    if (workspaceRoot != null) settings = settings.withHost(settings.host().withWorkspaceRoot(workspaceRoot.toAbsolutePath()));
    if (workflowCache <= 0) throw new CliException("--workflow-cache must be a positive number of workflows, not " + workflowCache);
    WorkflowCache cache = WorkflowCache.of(workflowCache);
    Endpoints endpoints = cli.endpoints();
    try (WorkerMetrics metrics = metricsOptions.start(cli, 0);
        Connection connection = Connection.open(endpoints, metrics.sdkScope())) {
      var database = connection.requireDatabase();
      boolean attributes = SearchAttributes.registered(connection.service(), endpoints.namespace());
      // Temporal's Java test server (`longhaul dev --java-test-server`, or with no Temporal CLI)
      // would strand a dead worker's tasks on its sticky queue, and does not implement worker
      // heartbeats: against it, a worker does without both. The CLI's dev server needs neither.
      boolean javaTestServer = DevRecord.read(cli.home())
          .filter(dev -> dev.temporalAddress().equals(endpoints.address()))
          .map(DevRecord::onJavaTestServer)
          .orElse(false);
      WorkerFactory factory =
          WorkerFactory.newInstance(
              javaTestServer
                  ? WorkflowClient.newInstance(
                      connection.service(), DevStack.withoutWorkerHeartbeats(connection.client().getOptions()))
                  : connection.client(),
              cache.applyTo(WorkerFactoryOptions.newBuilder()).build());
      LonghaulWorker.register(
          factory,
          javaTestServer ? LonghaulWorker.withoutStickyQueue() : WorkerOptions.getDefaultInstance(),
          database,
          settings.withSearchAttributes(attributes)
              .withSecret(endpoints.databaseUrl())
              .withMetrics(metrics));
      factory.start();
      cli.note("worker polling task queue longhaul and " + HostBinding.queue(settings.host().hostId())
          + " (host " + settings.host().hostId() + ") on " + endpoints.address() + " (namespace "
          + endpoints.namespace() + ")" + (attributes ? "" : "; search attributes not registered, not set"));
      cli.note(settings.confinement().describe());
      cli.note(cache.describe());
      if (metrics.url() != null) cli.note("metrics at " + metrics.url());
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        factory.shutdown();
        factory.awaitTermination(10, TimeUnit.SECONDS);
        stopped.countDown();
      }));
      stopped.await();
      return 0;
    }
  }
}
