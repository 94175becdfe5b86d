package dev.longhaul.worker;

import dev.longhaul.workflow.TaskInput;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test: what idle tasks cost one worker. Starts {@code longhaul.benchmark.tasks}
 * tasks (10,000 by default) without a prompt on the Temporal CLI's dev server; each opens and then
 * waits for a turn, the wait of a task idle between turns. Then reports this JVM's heap after a
 * full GC, its live (platform) threads and its resident memory, beside the same before any task.
 * The worker is in this JVM; the Temporal server and PostgreSQL are processes of their own. Run
 * on Java 17 (platform workflow threads) and on 21+ (virtual), with the command in BENCHMARKS.md.
 */
@EnabledIfSystemProperty(named = "longhaul.benchmark", matches = "true")
class IdleBenchmark {
  @TempDir Path home;
  @TempDir Path workspace;

  record Footprint(long heapBytes, int threads, long rssBytes) {}

  @Test
  void manyIdleTasksOnOneWorker_heapThreadsAndResidentMemory() throws Exception {
    int tasks = Integer.getInteger("longhaul.benchmark.tasks", 10_000);
    int cacheSize = Integer.getInteger("longhaul.benchmark.cache", WorkflowCache.DEFAULT_SIZE);
    WorkflowCache cache = WorkflowCache.of(cacheSize);
    try (BenchmarkStack stack = BenchmarkStack.onCliDevServer(home)) {
      stack.startWorker(cache);
      Footprint before = footprint();
      long started = System.nanoTime();
      ExecutorService starters = Executors.newFixedThreadPool(8);
      IntStream.range(0, tasks).forEach(i -> starters.submit(() ->
          stack.start("idle-" + i, new TaskInput(workspace.toString(), null, null, Duration.ofDays(30), null, null, null, null))));
      starters.shutdown();
      starters.awaitTermination(10, TimeUnit.MINUTES);
      awaitOpened(stack, tasks);
      double openSeconds = (System.nanoTime() - started) / 1e9;
      Thread.sleep(5_000); // the last workflow tasks finish
      Footprint after = footprint();
      String report = String.format(
          "%,d idle tasks on one worker, Java %s, %s (Temporal CLI dev server; worker in this JVM)%n"
              + "%-22s %12s %9s %12s%n%-22s %12s %9d %12s%n%-22s %12s %9d %12s%n"
              + "per idle task: %,d heap bytes, %.3f threads; all opened in %.0f s%n",
          tasks, Runtime.version().feature(), cache.describe(),
          "", "heap after GC", "threads", "RSS",
          "worker, no tasks", mib(before.heapBytes()), before.threads(), mib(before.rssBytes()),
          "with the idle tasks", mib(after.heapBytes()), after.threads(), mib(after.rssBytes()),
          (after.heapBytes() - before.heapBytes()) / tasks, (double) (after.threads() - before.threads()) / tasks,
          openSeconds);
      BenchmarkStack.write("idle-java" + Runtime.version().feature() + ".txt", report);
    }
  }

  /** Until every task has stored its row and its first item (the note on its sandbox). */
  private static void awaitOpened(BenchmarkStack stack, int tasks) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
    long opened = 0;
    while (System.nanoTime() < deadline) {
      try (var c = stack.database.dataSource().getConnection(); Statement s = c.createStatement();
          ResultSet r = s.executeQuery("select count(distinct task_id) from items where task_id like 'idle-%'")) {
        r.next();
        opened = r.getLong(1);
      }
      if (opened >= tasks) return;
      Thread.sleep(1_000);
    }
    throw new AssertionError("only " + opened + " of " + tasks + " tasks opened");
  }

  private static Footprint footprint() throws Exception {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    int threads = ManagementFactory.getThreadMXBean().getThreadCount();
    long rss = Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmRSS:"))
        .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
        .findFirst().orElse(-1);
    return new Footprint(heap, threads, rss);
  }

  private static String mib(long bytes) {
    return String.format("%,.0f MiB", bytes / 1048576.0);
  }
}
