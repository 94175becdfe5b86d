package dev.longhaul.worker;

import com.uber.m3.tally.NoopScope;
import dev.longhaul.store.Database;
import dev.longhaul.worker.LonghaulWorker.WorkerSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The development stack in one process: Temporal's Java test server bound to a port, an embedded
 * PostgreSQL, and (unless left out) a worker. The test server keeps workflows in memory, so they
 * end with the process; the transcripts stay in PostgreSQL.
 */
public final class DevStack implements AutoCloseable {
  public static final String NAMESPACE = "default";

  private final TestServer.PortBoundTestServer temporal;
  private final EmbeddedDatabase postgres;
  private final WorkflowServiceStubs service;
  private final Database database;
  private final WorkerFactory workers;
  private final int temporalPort;

  private DevStack(
      TestServer.PortBoundTestServer temporal, int temporalPort, EmbeddedDatabase postgres,
      WorkflowServiceStubs service, Database database, WorkerFactory workers) {
    this.temporal = temporal;
    this.temporalPort = temporalPort;
    this.postgres = postgres;
    this.service = service;
    this.database = database;
    this.workers = workers;
  }

  /**
   * @param temporalPort the port for Temporal's gRPC API; 0 for any free port
   * @param dataDirectory where PostgreSQL keeps its data
   * @param worker the worker's settings, or null to start no worker
   */
  public static DevStack start(int temporalPort, Path dataDirectory, WorkerSettings worker) {
    int port = temporalPort == 0 ? freePort() : temporalPort;
    // Time skipping locked: the dev server runs in real time, like a real cluster.
    TestServer.PortBoundTestServer temporal = TestServer.createPortBoundServer(port, true);
    EmbeddedDatabase postgres = null;
    try {
      postgres = EmbeddedDatabase.start(dataDirectory, 0);
      WorkflowServiceStubs service =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port)
                  .setMetricsScope(worker == null ? new NoopScope() : worker.metrics().sdkScope())
                  .build());
      SearchAttributes.register(service, NAMESPACE);
      Database database = Database.connect(postgres.jdbcUrl());
      WorkerFactory workers = null;
      if (worker != null) {
        WorkflowClient client =
            WorkflowClient.newInstance(
                service,
                withoutWorkerHeartbeats(WorkflowClientOptions.newBuilder().setNamespace(NAMESPACE).build()));
        // close() waits for the worker to stop, which the SDK checks every 250 ms by default: a
        // command running this stack in-process would end that much later for nothing.
        workers =
            WorkerFactory.newInstance(
                client,
                WorkerFactoryOptions.newBuilder().setShutdownCheckInterval(Duration.ofMillis(20)).build());
        LonghaulWorker.register(workers, database, worker.withSearchAttributes(true));
        workers.start();
      }
      return new DevStack(temporal, port, postgres, service, database, workers);
    } catch (RuntimeException e) {
      if (postgres != null) postgres.close();
      temporal.close();
      throw e;
    }
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
    return "127.0.0.1:" + temporalPort;
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
   * stack trace. The worker stops at once, interrupting any activity still running: the in-memory
   * server and its workflows end with this stack anyway.
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

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }
}
