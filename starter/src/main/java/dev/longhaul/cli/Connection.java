package dev.longhaul.cli;

import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.Scope;
import dev.longhaul.store.Database;
import dev.longhaul.store.StoreReader;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A client connection to Temporal and, when one is known, to the store. */
final class Connection implements AutoCloseable {
  private final Endpoints endpoints;
  private final WorkflowServiceStubs service;
  private final WorkflowClient client;
  private Database database;
  private Database replica;

  private Connection(Endpoints endpoints, WorkflowServiceStubs service) {
    this.endpoints = endpoints;
    this.service = service;
    this.client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder(endpoints.profile().toWorkflowClientOptions())
                .setNamespace(endpoints.namespace())
                .build());
  }

  /** Connects, or fails with one line saying what to do. */
  static Connection open(Endpoints endpoints) {
    return open(endpoints, new NoopScope());
  }

  /** As {@link #open(Endpoints)}, the SDK reporting its metrics (a worker's too) to {@code metricsScope}. */
  static Connection open(Endpoints endpoints, Scope metricsScope) {
    return tryOpen(endpoints, metricsScope)
        .orElseThrow(
            () -> new CliException(
                "cannot reach a Temporal server at " + endpoints.address()
                    + ": start one with `longhaul dev`, or set TEMPORAL_ADDRESS"));
  }

  /** Connects if a server answers within a few seconds. */
  static Optional<Connection> tryOpen(Endpoints endpoints) {
    return tryOpen(endpoints, new NoopScope());
  }

  private static Optional<Connection> tryOpen(Endpoints endpoints, Scope metricsScope) {
    WorkflowServiceStubsOptions options =
        WorkflowServiceStubsOptions.newBuilder(endpoints.profile().toWorkflowServiceStubsOptions())
            .setTarget(endpoints.address())
            .setMetricsScope(metricsScope)
            .build();
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(options);
    try {
      service.blockingStub()
          .withDeadlineAfter(3, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return Optional.of(new Connection(endpoints, service));
    } catch (StatusRuntimeException unreachable) {
      service.shutdownNow();
      return Optional.empty();
    }
  }

  WorkflowClient client() {
    return client;
  }

  WorkflowServiceStubs service() {
    return service;
  }

  Endpoints endpoints() {
    return endpoints;
  }

  Tasks tasks() {
    return new Tasks(this);
  }

  /**
   * The store, to read what may be a moment behind (a status, a task's row): the read replica
   * ({@code LONGHAUL_DATABASE_READ_URL}) when one is configured, else the store itself; empty
   * when this machine knows neither.
   */
  Optional<StoreReader> store() {
    if (endpoints.readUrl() != null) {
      if (replica == null) replica = Replicas.connect(endpoints.readUrl());
      return Optional.of(new StoreReader(replica));
    }
    return primaryStore();
  }

  /**
   * The store itself (the primary), for a read that must see what was just written: a replica
   * may not have it yet. Each caller says why it needs it.
   */
  Optional<StoreReader> primaryStore() {
    return database().map(StoreReader::new);
  }

  /** As {@link #primaryStore()}, failing with one line when no store is configured. */
  StoreReader requirePrimaryStore() {
    return new StoreReader(requireDatabase());
  }

  /** The database itself, for a worker run by this command: its activities write the store. */
  Database requireDatabase() {
    return database()
        .orElseThrow(
            () -> new CliException(
                "no store configured: set LONGHAUL_DATABASE_URL, or start `longhaul dev`"));
  }

  private Optional<Database> database() {
    if (endpoints.databaseUrl() == null) return Optional.empty();
    if (database == null) {
      try {
        database = Database.connect(endpoints.databaseUrl());
      } catch (RuntimeException e) {
        throw new CliException("cannot reach the store at LONGHAUL_DATABASE_URL: " + e.getMessage());
      }
    }
    return Optional.of(database);
  }

  @Override
  public void close() {
    if (database != null) database.close();
    if (replica != null) replica.close();
    service.shutdownNow();
    service.awaitTermination(2, TimeUnit.SECONDS);
  }
}
