package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;

import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.EndRequest;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskStatus;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test: what Longhaul itself adds to each step. The model answers at once and
 * the tool is a read-only {@code read_file}, so the time from one model request to the next is
 * all orchestration: activities, workflow tasks, the store. Measured on the Temporal CLI's dev
 * server and on Temporal's Java test server, with where the time goes (the server's event times,
 * step by step) and PostgreSQL's counters per step. Run it with the command in BENCHMARKS.md.
 */
@EnabledIfSystemProperty(named = "longhaul.benchmark", matches = "true")
class OverheadBenchmark {
  /** {@code -Dlonghaul.benchmark.steps=N} for a longer, warmer run. */
  static final int STEPS = Integer.getInteger("longhaul.benchmark.steps", 150);
  /**
   * Steps of a first task, run on the same worker before the measured one and left out:
   * {@code -Dlonghaul.benchmark.warm-up-steps=0} measures a cold worker.
   */
  static final int WARM_UP_TASK_STEPS = Integer.getInteger("longhaul.benchmark.warm-up-steps", 300);
  /** How many such tasks, one after another: the JIT compiler takes thousands of steps to settle. */
  static final int WARM_UP_TASKS = Integer.getInteger("longhaul.benchmark.warm-up-tasks", 6);
  /** The measured task's first steps are left out too: its own workflow is not yet cached. */
  static final int WARM_UP = WARM_UP_TASK_STEPS > 0 ? 5 : STEPS / 5;

  @TempDir Path cliHome;
  @TempDir Path testServerHome;
  @TempDir Path workspace;

  @Test
  void timeFromOneModelRequestToTheNext_withAnInstantModelAndAReadOnlyTool() throws Exception {
    Files.writeString(workspace.resolve("notes.txt"), "line\n".repeat(100));
    StringBuilder report = new StringBuilder();
    // -Dlonghaul.benchmark.servers=test (or cli) measures on one server only, for profiling.
    String servers = System.getProperty("longhaul.benchmark.servers", "cli,test");
    if (!servers.contains("cli")) {
      report.append("Temporal CLI dev server: not asked for\n\n");
    } else if (TemporalCli.find(System.getenv(), cliHome).isPresent()) {
      try (BenchmarkStack stack = BenchmarkStack.onCliDevServer(cliHome)) {
        report.append(measure("Temporal CLI dev server", stack));
      }
    } else {
      report.append("Temporal CLI dev server: skipped (set LONGHAUL_TEMPORAL_CLI)\n\n");
    }
    if (servers.contains("test")) {
      try (BenchmarkStack stack = BenchmarkStack.onJavaTestServer(testServerHome)) {
        report.append(measure("Java test server", stack));
      }
    }
    BenchmarkStack.write("overhead.txt", report.toString());
  }

  private String measure(String server, BenchmarkStack stack) throws Exception {
    stack.startWorker(WorkflowCache.defaults());
    stack.model.meterUsage(false);
    List<Long> requestNanos = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger steps = new AtomicInteger();
    stack.model.otherwise(request -> {
      requestNanos.add(System.nanoTime());
      return requestNanos.size() >= steps.get()
          ? reply(text("Done."))
          : reply(toolCall("read_file", "{\"path\":\"notes.txt\",\"start_line\":1,\"end_line\":3}"));
    });
    // A worker runs for days: a first task warms the JIT, the pools and the caches, and the
    // measured task starts with a short context like any new task.
    for (int i = 0; i < WARM_UP_TASKS && WARM_UP_TASK_STEPS > 0; i++) {
      steps.set(WARM_UP_TASK_STEPS);
      runTask(stack, server, "overhead-warm-up-" + System.nanoTime()).end(new EndRequest("warm"));
      requestNanos.clear();
    }
    steps.set(STEPS);
    String id = "overhead-" + System.nanoTime();
    BenchmarkStack.DbCounters before = stack.dbCounters();
    BenchmarkStack.Cpu cpuBefore = stack.cpu();
    Map<String, Double> threadsBefore = BenchmarkStack.threadCpu();
    double[] jitAndGcBefore = BenchmarkStack.jitAndGcMillis();
    String loadBefore = BenchmarkStack.loadAverage();
    AgentWorkflow task = runTask(stack, server, id);
    BenchmarkStack.Cpu cpu = stack.cpu().minus(cpuBefore);
    Map<String, Double> threads = BenchmarkStack.minus(BenchmarkStack.threadCpu(), threadsBefore);
    double[] jitAndGc = BenchmarkStack.jitAndGcMillis();
    String loadAfter = BenchmarkStack.loadAverage();
    Thread.sleep(1_500); // PostgreSQL publishes its statistics within a second
    BenchmarkStack.DbCounters db = stack.dbCounters().minus(before);
    List<HistoryEvent> events = stack.client.fetchHistory(id).getHistory().getEventsList();
    task.end(new EndRequest("benchmark done"));
    stack.stopWorkers();

    List<Double> gaps = new ArrayList<>();
    for (int i = WARM_UP + 1; i < requestNanos.size(); i++) {
      gaps.add((requestNanos.get(i) - requestNanos.get(i - 1)) / 1e6);
    }
    StringBuilder out = new StringBuilder();
    out.append(server).append(": ").append(STEPS).append(" steps, median of steps ").append(WARM_UP + 1)
        .append("-").append(STEPS).append(WARM_UP_TASK_STEPS > 0
            ? ", after " + WARM_UP_TASKS + " task(s) of " + WARM_UP_TASK_STEPS + " steps on the same worker"
            : ", on a cold worker").append("\n");
    out.append(String.format("  model request to the next: median %.1f ms, p90 %.1f ms%n",
        BenchmarkStack.median(gaps), percentile(gaps, 0.9)));
    out.append(String.format("  history events per step: %.1f; PostgreSQL per step: %.1f commits, %.1f rows inserted,"
            + " %.1f updated%n",
        (double) events.size() / STEPS, (double) db.commits() / STEPS, (double) db.inserted() / STEPS,
        (double) db.updated() / STEPS));
    out.append(String.format("  CPU per step: worker JVM %.1f ms, Temporal server %.1f ms, PostgreSQL %.1f ms"
            + " (load average before %s, after %s)%n",
        cpu.worker() / STEPS, cpu.temporal() / STEPS, cpu.postgres() / STEPS, loadBefore, loadAfter));
    out.append("  the worker JVM's CPU per step, by thread:\n");
    threads.forEach((group, ms) -> out.append(String.format("    %-62s %6.1f%n", group, ms / STEPS)));
    out.append(String.format("    %-62s %6.1f%n", "threads that ended, the JIT compiler, the garbage collector",
        (cpu.worker() - threads.values().stream().mapToDouble(Double::doubleValue).sum()) / STEPS));
    out.append(String.format("    (time compiling: %.1f ms a step; collecting garbage: %.1f ms a step, heap used after: %d MB)%n",
        (jitAndGc[0] - jitAndGcBefore[0]) / STEPS, (jitAndGc[1] - jitAndGcBefore[1]) / STEPS,
        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20));
    out.append("  where a step's time goes (server event times, median ms between consecutive events):\n");
    breakdown(events).forEach((label, ms) -> out.append(String.format("    %-62s %6.1f%n", label, ms)));
    return out.append("\n").toString();
  }

  private AgentWorkflow runTask(BenchmarkStack stack, String server, String id) throws Exception {
    AgentWorkflow task = stack.start(id, TaskInput.of(workspace.toString(), "Read the notes, a step at a time"));
    var done = stack.await(task, p -> p.turn() >= 1 && p.status() != TaskStatus.running, Duration.ofMinutes(10));
    if (done.status() != TaskStatus.idle) throw new AssertionError(server + ": " + done.error());
    return task;
  }

  /**
   * The median time between each pair of consecutive history events within a step (from one
   * Sample activity's scheduling to the next), labelled by the pair; pairs in the same workflow
   * task completion have the same time and are left out.
   */
  static Map<String, Double> breakdown(List<HistoryEvent> events) {
    Map<String, List<Double>> gaps = new LinkedHashMap<>();
    Map<Long, String> activities = new java.util.HashMap<>();
    for (HistoryEvent e : events) {
      if (e.hasActivityTaskScheduledEventAttributes()) {
        activities.put(e.getEventId(), e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      }
    }
    int sample = 0;
    for (int i = 1; i < events.size(); i++) {
      HistoryEvent previous = events.get(i - 1);
      HistoryEvent event = events.get(i);
      if (isSampleScheduled(previous)) sample++;
      if (sample <= WARM_UP) continue;
      double ms = millis(event) - millis(previous);
      String label = name(previous, activities) + " -> " + name(event, activities);
      gaps.computeIfAbsent(label, k -> new ArrayList<>()).add(ms);
    }
    Map<String, Double> medians = new LinkedHashMap<>();
    gaps.forEach((label, values) -> {
      // Only what recurs every step, and takes time.
      if (values.size() >= (STEPS - WARM_UP) / 2 && BenchmarkStack.median(values) >= 0.05) {
        medians.put(label, BenchmarkStack.median(values));
      }
    });
    return medians;
  }

  private static boolean isSampleScheduled(HistoryEvent e) {
    return e.hasActivityTaskScheduledEventAttributes()
        && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("Sample");
  }

  private static String name(HistoryEvent e, Map<Long, String> activities) {
    String type = e.getEventType().name().replace("EVENT_TYPE_", "").toLowerCase();
    if (e.hasActivityTaskScheduledEventAttributes()) return type + " " + activities.get(e.getEventId());
    if (e.hasActivityTaskStartedEventAttributes()) {
      return type + " " + activities.get(e.getActivityTaskStartedEventAttributes().getScheduledEventId());
    }
    if (e.hasActivityTaskCompletedEventAttributes()) {
      return type + " " + activities.get(e.getActivityTaskCompletedEventAttributes().getScheduledEventId());
    }
    return type;
  }

  private static double millis(HistoryEvent e) {
    return e.getEventTime().getSeconds() * 1e3 + e.getEventTime().getNanos() / 1e6;
  }

  private static double percentile(List<Double> values, double p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
  }
}
