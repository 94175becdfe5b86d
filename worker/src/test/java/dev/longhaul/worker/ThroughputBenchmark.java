package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.afterSilence;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;

import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.EndRequest;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test: 200 tasks at once, each of {@value #STEPS} steps with a model that
 * takes a second to answer, on the Temporal CLI's dev server, with one worker and then with two
 * (two worker factories in this JVM: twice the pollers, slots and cache, the same two cores).
 * Ideally each task's turn takes {@value #STEPS} + 1 seconds, its model calls back to back, so
 * the share of the ideal is that over the time until every turn ended. Run it with the command
 * in BENCHMARKS.md.
 */
@EnabledIfSystemProperty(named = "longhaul.benchmark", matches = "true")
class ThroughputBenchmark {
  static final int TASKS = 200;
  static final int STEPS = 5;
  static final Duration MODEL_LATENCY = Duration.ofSeconds(1);

  @TempDir Path home;
  @TempDir Path workspace;

  @Test
  void twoHundredActiveTasksWithASlowModel_shareOfTheIdealThroughput() throws Exception {
    Files.writeString(workspace.resolve("notes.txt"), "line\n".repeat(100));
    try (BenchmarkStack stack = BenchmarkStack.onCliDevServer(home)) {
      // Each task asks for a tool until its request carries STEPS outputs: the fake model keeps no
      // per-task state, so the tasks may interleave freely.
      stack.model.meterUsage(false);
      stack.model.otherwise(request -> request.input("function_call_output").size() >= STEPS
          ? afterSilence(MODEL_LATENCY, text("Done."))
          : afterSilence(MODEL_LATENCY, toolCall("read_file", "{\"path\":\"notes.txt\",\"start_line\":1,\"end_line\":3}")));
      String one = run(stack, "one worker", 1);
      String two = run(stack, "two workers", 2);
      double ideal = (STEPS + 1) * MODEL_LATENCY.toMillis() / 1000.0;
      BenchmarkStack.write("throughput.txt", String.format(
          "%d tasks at once, %d steps each, a model that answers in %d ms (Temporal CLI dev server)%n"
              + "ideal: every turn ends after %.0f s, %.0f model requests a second%n%s%s",
          TASKS, STEPS, MODEL_LATENCY.toMillis(), ideal, TASKS * 1000.0 / MODEL_LATENCY.toMillis(), one, two));
    }
  }

  private String run(BenchmarkStack stack, String variant, int workers) throws Exception {
    for (int i = 0; i < workers; i++) stack.startWorker(WorkflowCache.defaults());
    int requestsBefore = stack.model.requests().size();
    String prefix = "busy-" + workers + "-";
    List<AgentWorkflow> tasks = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < TASKS; i++) {
      tasks.add(stack.start(prefix + i, TaskInput.of(workspace.toString(), "Read the notes, a step at a time")));
    }
    awaitTurnsEnded(stack, prefix);
    double seconds = (System.nanoTime() - started) / 1e9;
    int requests = stack.model.requests().size() - requestsBefore;
    for (AgentWorkflow task : tasks) {
      if (task.progress().status() != TaskStatus.idle) throw new AssertionError(variant + ": " + task.progress().error());
      task.end(new EndRequest("benchmark done"));
    }
    stack.stopWorkers();
    double ideal = (STEPS + 1) * MODEL_LATENCY.toMillis() / 1000.0;
    return String.format("%-12s all turns ended after %5.1f s; %,d model requests, %.1f a second;"
            + " share of the ideal: %.0f%%%n",
        variant, seconds, requests, requests / seconds, 100 * ideal / seconds);
  }

  /** Until the store shows every task idle after its turn (one query, not 200). */
  private static void awaitTurnsEnded(BenchmarkStack stack, String prefix) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (var c = stack.database.dataSource().getConnection(); Statement s = c.createStatement();
          ResultSet r = s.executeQuery("select count(*) from tasks where task_id like '" + prefix
              + "%' and turn >= 1 and status = 'idle'")) {
        r.next();
        if (r.getLong(1) >= TASKS) return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not every turn ended in time");
  }
}
