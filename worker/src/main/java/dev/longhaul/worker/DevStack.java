package dev.longhaul.worker;

import com.uber.m3.tally.NoopScope;
import dev.longhaul.store.Database;
import dev.longhaul.worker.LonghaulWorker.WorkerSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The development stack in one process: a Temporal server (Temporal's own dev server from the CLI,
 * or the Java SDK's test server in this JVM), an embedded PostgreSQL, and (unless left out) a
 * worker. The CLI's dev server keeps workflows in a SQLite file; the test server keeps them in
 * memory, so they end with the process. The transcripts stay in PostgreSQL either way.
 */
public final class DevStack implements AutoCloseable {
  public static final String NAMESPACE = "default";

  private final TemporalServer temporal;
  private final EmbeddedDatabase postgres;
  private final WorkflowServiceStubs service;
  private final Database database;
  private final WorkerFactory workers;

  private DevStack(
      TemporalServer temporal, EmbeddedDatabase postgres, WorkflowServiceStubs service, Database database,
      WorkerFactory workers) {
    this.temporal = temporal;
    this.postgres = postgres;
    this.service = service;
    this.database = database;
    this.workers = workers;
  }

  /**
   * On the Java test server.
   *
   * @param temporalPort the port for Temporal's gRPC API; 0 for any free port
   * @param dataDirectory where PostgreSQL keeps its data
   * @param worker the worker's settings, or null to start no worker
   */
  public static DevStack start(int temporalPort, Path dataDirectory, WorkerSettings worker) {
    return start(JavaTestServer.start(temporalPort), dataDirectory, worker);
  }

  /**
   * On {@code temporal}, which this stack now owns: it closes it, also when it fails to start.
   *
   * @param dataDirectory where PostgreSQL keeps its data
   * @param worker the worker's settings, or null to start no worker
   */
  public static DevStack start(TemporalServer temporal, Path dataDirectory, WorkerSettings worker) {
    EmbeddedDatabase postgres = null;
    try {
      postgres = EmbeddedDatabase.start(dataDirectory, 0);
      WorkflowServiceStubs service =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.address())
                  .setMetricsScope(worker == null ? new NoopScope() : worker.metrics().sdkScope())
                  .build());
      // The CLI's dev server registered them at start (--search-attribute); the test server starts empty.
      if (temporal.kind() == TemporalServer.Kind.java_test_server) SearchAttributes.register(service, NAMESPACE);
      Database database = Database.connect(postgres.jdbcUrl());
      WorkerFactory workers = null;
      if (worker != null) {
        WorkflowClientOptions options = clientOptions(temporal.kind(), WorkflowClientOptions.newBuilder().setNamespace(NAMESPACE).build());
        // close() waits for the worker to stop, which the SDK checks every 250 ms by default: a
        // command running this stack in-process would end that much later for nothing.
        workers =
            WorkerFactory.newInstance(
                WorkflowClient.newInstance(service, options),
                WorkflowCache.defaults().applyTo(WorkerFactoryOptions.newBuilder())
                    .setShutdownCheckInterval(Duration.ofMillis(20)).build());
        LonghaulWorker.register(workers, database, worker.withSearchAttributes(true));
        workers.start();
      }
      return new DevStack(temporal, postgres, service, database, workers);
    } catch (RuntimeException e) {
      if (postgres != null) postgres.close();
      temporal.close();
      throw e;
    }
  }

  /** The options of a client whose workers poll a server of this kind. */
  public static WorkflowClientOptions clientOptions(TemporalServer.Kind kind, WorkflowClientOptions options) {
    return kind == TemporalServer.Kind.java_test_server ? withoutWorkerHeartbeats(options) : options;
  }

  /**
   * The options of a client whose workers poll Temporal's Java test server. The test server
   * advertises the worker-heartbeat capability but answers {@code RecordWorkerHeartbeat} with
   * UNIMPLEMENTED, so the SDK's first worker heartbeat (at start or a minute later: a race in the
   * SDK between its first tick and the worker's registration) logs a warning and gives up. These
   * heartbeats only report a worker's health to the server (not activity heartbeats, which stay),
   * so a worker here does without them.
   */
  public static WorkflowClientOptions withoutWorkerHeartbeats(WorkflowClientOptions options) {
    return WorkflowClientOptions.newBuilder(options).setWorkerHeartbeatInterval(Duration.ofSeconds(-1)).build();
  }

  public String temporalAddress() {
    return temporal.address();
  }

  public TemporalServer temporal() {
    return temporal;
  }

  public String databaseUrl() {
    return postgres.jdbcUrl();
  }

  public WorkflowServiceStubs service() {
    return service;
  }

  /**
   * Stops the worker, then its connection, then the servers, each once the one before has
   * finished. The SDK stops a worker asynchronously (its activity pollers only after the activity
   * heartbeat executor has stopped), so closing the channel right after {@code shutdownNow()} cuts
   * long polls the SDK does not yet count as shut down, and it logs each as a failure with its
   * stack trace. The worker stops at once, interrupting any activity still running: Temporal
   * retries it when the stack is back (the CLI's dev server), or the workflow ends with the stack
   * (the test server).
   */
  @Override
  public void close() {
    if (workers != null) {
      workers.shutdownNow();
      workers.awaitTermination(10, TimeUnit.SECONDS);
    }
    service.shutdown();
    if (!service.awaitTermination(5, TimeUnit.SECONDS)) service.shutdownNow();
    database.close();
    postgres.close();
    temporal.close();
  }
}
