package dev.longhaul.worker;

import dev.longhaul.model.ModelConfig;
import dev.longhaul.store.Database;
import dev.longhaul.testing.FakeModelServer;
import dev.longhaul.worker.LonghaulWorker.WorkerSettings;
import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskInput;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmarks share: a dev stack without a worker (on the Temporal CLI's dev server, or
 * on Temporal's Java test server in this JVM), the fake model, a client, and workers started with
 * the production factory options ({@link WorkflowCache}). Not a test.
 */
final class BenchmarkStack implements AutoCloseable {
  final FakeModelServer model = FakeModelServer.start();
  final DevStack stack;
  final Database database;
  final WorkflowClient client;
  final WorkerSettings settings;
  private final List<WorkerFactory> workers = new ArrayList<>();
  private final Path home;

  private BenchmarkStack(TemporalServer temporal, Path home) {
    this.home = home;
    stack = DevStack.start(temporal, home.resolve("postgres"), null);
    database = Database.connect(stack.databaseUrl());
    client = WorkflowClient.newInstance(stack.service(), DevStack.clientOptions(
        temporal.kind(), WorkflowClientOptions.newBuilder().setNamespace(DevStack.NAMESPACE).build()));
    settings = WorkerSettings.of(new ModelConfig(model.baseUrl(), "sk-bench", "test-model", Duration.ofSeconds(30)))
        .withSearchAttributes(true);
  }

  /** On the Temporal CLI's dev server (LONGHAUL_TEMPORAL_CLI, or `temporal` on PATH). */
  static BenchmarkStack onCliDevServer(Path home) {
    Path cli = TemporalCli.find(System.getenv(), home)
        .orElseThrow(() -> new IllegalStateException("needs the Temporal CLI: set LONGHAUL_TEMPORAL_CLI"));
    return new BenchmarkStack(CliDevServer.start(new CliDevServer.Options(
        cli, Ports.free(), Ports.free(), home.resolve("temporal.db"), home.resolve("temporal.log")),
        Duration.ofSeconds(60)), home);
  }

  /** On Temporal's Java test server, in this JVM. */
  static BenchmarkStack onJavaTestServer(Path home) {
    return new BenchmarkStack(JavaTestServer.start(0), home);
  }

  /** Starts a worker with the options `longhaul worker` uses, and this cache. */
  WorkerFactory startWorker(WorkflowCache cache) {
    WorkerFactory factory = WorkerFactory.newInstance(client,
        cache.applyTo(WorkerFactoryOptions.newBuilder()).setShutdownCheckInterval(Duration.ofMillis(20)).build());
    LonghaulWorker.register(factory, database, settings);
    factory.start();
    workers.add(factory);
    return factory;
  }

  void stopWorkers() {
    workers.forEach(WorkerFactory::shutdownNow);
    workers.forEach(w -> w.awaitTermination(10, TimeUnit.SECONDS));
    workers.clear();
  }

  AgentWorkflow start(String taskId, TaskInput input) {
    AgentWorkflow task = client.newWorkflowStub(AgentWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(taskId).setTaskQueue(AgentWorkflow.TASK_QUEUE).build());
    WorkflowClient.start(task::run, input);
    return task;
  }

  Progress await(AgentWorkflow task, java.util.function.Predicate<Progress> done, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Progress last = null;
    while (System.nanoTime() < deadline) {
      last = task.progress();
      if (done.test(last)) return last;
      // A query is a task for the worker and the server: asked too often, it is what they measure.
      Thread.sleep(250);
    }
    throw new AssertionError("timed out; last progress: " + last);
  }

  /** PostgreSQL's counters for the store's database: commits, rows inserted, updated, read. */
  record DbCounters(long commits, long inserted, long updated, long returned) {
    DbCounters minus(DbCounters o) {
      return new DbCounters(commits - o.commits, inserted - o.inserted, updated - o.updated, returned - o.returned);
    }
  }

  DbCounters dbCounters() {
    try (var connection = database.dataSource().getConnection(); Statement s = connection.createStatement()) {
      // The statistics collector reports with a delay; a snapshot taken now is what it has.
      s.execute("select pg_stat_clear_snapshot()");
      try (ResultSet r = s.executeQuery("select xact_commit, tup_inserted, tup_updated, tup_returned"
          + " from pg_stat_database where datname = current_database()")) {
        r.next();
        return new DbCounters(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4));
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * CPU time so far, in ms: this JVM (the worker, the fake model, the client), the Temporal
   * server when it is a process of its own (else 0), PostgreSQL with its backends.
   */
  record Cpu(double worker, double temporal, double postgres) {
    Cpu minus(Cpu o) {
      return new Cpu(worker - o.worker, temporal - o.temporal, postgres - o.postgres);
    }
  }

  /**
   * CPU milliseconds of this JVM's live threads, by what they do (their names): the fake model
   * server, workflow code, activities, gRPC, the rest. What no live Java thread accounts for
   * (threads that ended, the JIT compiler, the garbage collector) is the process's total minus
   * their sum.
   */
  static Map<String, Double> threadCpu() {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    Map<String, Double> byGroup = new java.util.TreeMap<>();
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) continue;
      long nanos = threads.getThreadCpuTime(info.getThreadId());
      if (nanos > 0) byGroup.merge(threadGroup(info.getThreadName()), nanos / 1e6, Double::sum);
    }
    return byGroup;
  }

  /** Milliseconds this JVM has spent compiling (the JIT) and collecting garbage, so far. */
  static double[] jitAndGcMillis() {
    double jit = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    double gc = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToDouble(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    return new double[] {jit, gc};
  }

  private static String threadGroup(String name) {
    if (name.startsWith("fake-model") || name.startsWith("HTTP-Dispatcher")) return "fake model server";
    if (name.startsWith("workflow-") || name.startsWith("Workflow ")) return "workflow tasks (pollers, executors, workflow code)";
    if (name.startsWith("Local Activity") || name.startsWith("LocalActivity")) return "local activities (read-only tools)";
    if (name.startsWith("Activity ") || name.startsWith("heartbeat") || name.startsWith("TemporalActivityHeartbeat")) {
      return "activities (Sample, RunTool) and their pollers";
    }
    if (name.startsWith("grpc-")) return "gRPC transport";
    if (name.startsWith("OkHttp") || name.startsWith("Okio")) return "model client (OkHttp)";
    return "other threads";
  }

  static Map<String, Double> minus(Map<String, Double> after, Map<String, Double> before) {
    Map<String, Double> delta = new java.util.TreeMap<>();
    after.forEach((group, ms) -> delta.put(group, ms - before.getOrDefault(group, 0.0)));
    return delta;
  }

  Cpu cpu() {
    double worker = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
    double temporal = stack.temporal().pid().stream().mapToDouble(BenchmarkStack::processCpuMillis).sum();
    double postgres = 0;
    try {
      long pid = Long.parseLong(Files.readAllLines(home.resolve("postgres").resolve("postmaster.pid")).get(0).strip());
      postgres = processCpuMillis(pid) + ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
          .mapToDouble(h -> processCpuMillis(h.pid())).sum();
    } catch (IOException | RuntimeException unknown) {
      postgres = Double.NaN;
    }
    return new Cpu(worker, temporal, postgres);
  }

  /** A process's user and system time from /proc (ticks of 10 ms), with its waited-for children's. */
  private static double processCpuMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // Fields 14-17 of stat (utime, stime, cutime, cstime); f[0] is field 3.
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
      return ticks * 10.0;
    } catch (IOException | RuntimeException gone) {
      return 0; // a backend that ended between listing and reading
    }
  }

  /** The machine's load: the benchmarks share two cores with whatever else runs. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public void close() {
    stopWorkers();
    database.close();
    stack.close();
    model.close();
  }

  static double median(List<? extends Number> values) {
    if (values.isEmpty()) return Double.NaN;
    List<Double> sorted = new ArrayList<>(values.stream().map(Number::doubleValue).toList());
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /** Prints {@code report} and writes it to target/benchmarks/{@code name}. */
  static void write(String name, String report) {
    System.out.print(report);
    try {
      Path out = Path.of("target", "benchmarks", name);
      Files.createDirectories(out.getParent());
      Files.writeString(out, report);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
