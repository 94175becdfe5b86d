package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;

import dev.longhaul.model.ModelConfig;
import dev.longhaul.store.Database;
import dev.longhaul.testing.FakeModelServer;
import dev.longhaul.worker.LonghaulWorker.WorkerSettings;
import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.EndRequest;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskStatus;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test: one turn of many short steps on the Temporal CLI's dev server, by a
 * worker with a sticky queue (what a worker uses against the dev server and any real server) and
 * by one without (the workaround that only the Java test server needs): without it every workflow
 * task goes to the shared queue and replays the run's history from its start. Needs the Temporal
 * CLI (LONGHAUL_TEMPORAL_CLI, or `temporal` on PATH). Run it with the command in BENCHMARKS.md.
 */
@EnabledIfSystemProperty(named = "longhaul.benchmark", matches = "true")
class StickyQueueBenchmark {
  static final int STEPS = 200;

  @TempDir Path home;
  @TempDir Path workspace;

  record Result(String variant, int steps, double seconds, long workflowTasks, long historyEvents, double workerCpuSeconds) {}

  @Test
  void oneTurnOfManySteps_withAStickyQueue_versusWithout() throws Exception {
    Path cli = TemporalCli.find(System.getenv(), home)
        .orElseThrow(() -> new IllegalStateException("needs the Temporal CLI: set LONGHAUL_TEMPORAL_CLI"));
    Files.writeString(workspace.resolve("notes.txt"), "line\n".repeat(5_000));
    CliDevServer server = CliDevServer.start(new CliDevServer.Options(
        cli, Ports.free(), Ports.free(), home.resolve("temporal.db"), home.resolve("temporal.log")), Duration.ofSeconds(60));
    try (FakeModelServer model = FakeModelServer.start();
        DevStack stack = DevStack.start(server, home.resolve("postgres"), null);
        Database database = Database.connect(stack.databaseUrl())) {
      WorkflowClient client = WorkflowClient.newInstance(
          stack.service(), WorkflowClientOptions.newBuilder().setNamespace(DevStack.NAMESPACE).build());
      WorkerSettings settings = WorkerSettings.of(new ModelConfig(model.baseUrl(), "sk-bench", "test-model", Duration.ofSeconds(30)))
          .withSearchAttributes(true);
      session("warm-up (sticky)", WorkerOptions.getDefaultInstance(), 20, client, model, database, settings);
      Result sticky = session("sticky queue", WorkerOptions.getDefaultInstance(), STEPS, client, model, database, settings);
      Result shared = session("no sticky queue", LonghaulWorker.withoutStickyQueue(), STEPS, client, model, database, settings);
      String report = String.format("%-18s %6s %9s %15s %15s %11s%n",
              "variant", "steps", "turn (s)", "workflow tasks", "history events", "worker CPU")
          + line(sticky) + line(shared)
          + String.format("turn time, no sticky / sticky: %.2fx; worker CPU: %.2fx%n",
              shared.seconds() / sticky.seconds(), shared.workerCpuSeconds() / sticky.workerCpuSeconds());
      System.out.print(report);
      Path out = Path.of("target", "benchmarks", "sticky-queue.txt");
      Files.createDirectories(out.getParent());
      Files.writeString(out, report);
    }
  }

  private Result session(String variant, WorkerOptions options, int steps, WorkflowClient client, FakeModelServer model,
      Database database, WorkerSettings settings) throws Exception {
    model.reset();
    AtomicInteger step = new AtomicInteger();
    model.otherwise(request -> step.incrementAndGet() >= steps
        ? reply(text("Done."))
        : reply(toolCall("read_file", "{\"path\":\"notes.txt\",\"start_line\":1,\"end_line\":3}")));
    WorkerFactory factory = WorkerFactory.newInstance(client);
    LonghaulWorker.register(factory, options, database, settings);
    factory.start();
    try {
      String id = "sticky-" + variant.replaceAll("\\W+", "-") + "-" + System.nanoTime();
      AgentWorkflow task = client.newWorkflowStub(AgentWorkflow.class,
          WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(AgentWorkflow.TASK_QUEUE).build());
      long cpuBefore = processCpuNanos();
      long started = System.nanoTime();
      WorkflowClient.start(task::run, TaskInput.of(workspace.toString(), "Read the notes, a step at a time"));
      Progress done;
      while (true) {
        done = task.progress();
        if (done.turn() >= 1 && done.status() != TaskStatus.running) break;
        Thread.sleep(20);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      double cpu = (processCpuNanos() - cpuBefore) / 1e9;
      if (done.status() != TaskStatus.idle) throw new AssertionError(variant + ": " + done.error());
      var events = client.fetchHistory(id).getEvents();
      long workflowTasks = events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).count();
      task.end(new EndRequest("benchmark done"));
      return new Result(variant, steps, seconds, workflowTasks, events.size(), cpu);
    } finally {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** This JVM's CPU time: the worker's, the fake model's and the client's, the same in both variants but for the worker. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static String line(Result r) {
    return String.format("%-18s %6d %9.1f %15d %15d %10.1fs%n",
        r.variant(), r.steps(), r.seconds(), r.workflowTasks(), r.historyEvents(), r.workerCpuSeconds());
  }
}
