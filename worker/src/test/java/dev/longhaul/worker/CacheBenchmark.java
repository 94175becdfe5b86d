package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;

import dev.longhaul.store.UsageRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test: billed input tokens of a 300-step session with prefix discipline, against
 * the same session as a client that sends its tools in a new order every request would be billed,
 * through the cache-simulating fake. Run it with the command in BENCHMARKS.md.
 */
@EnabledIfSystemProperty(named = "longhaul.benchmark", matches = "true")
class CacheBenchmark {
  static final int STEPS = 300;
  /** Cached input tokens cost a tenth of uncached ones for the default model. */
  static final double CACHED_PRICE = 0.1;

  @TempDir Path workspace;

  record Result(String variant, int requests, long input, long cached) {
    double billed() {
      return (input - cached) + cached * CACHED_PRICE;
    }
  }

  @Test
  void billedInputTokens_withPrefixDiscipline_versusToolsReorderedEveryRequest() throws Exception {
    Files.writeString(workspace.resolve("notes.txt"), CompactionTest.logLines(6_000));
    Result discipline = session("prefix discipline", false);
    Result reordered = session("tools reordered on every request", true);
    String report = String.format(
        "%-34s %9s %14s %14s %16s%n", "variant", "requests", "input tokens", "cached tokens", "billed input")
        + line(discipline) + line(reordered)
        + String.format("billed input, reordered / discipline: %.2fx%n", reordered.billed() / discipline.billed());
    System.out.print(report);
    Path out = Path.of("target", "benchmarks", "cache.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
  }

  private Result session(String variant, boolean shuffle) throws Exception {
    try (AgentHarness harness = AgentHarness.builder().build()) {
      harness.model.shuffleToolsBeforeCaching(shuffle);
      AtomicInteger steps = new AtomicInteger();
      harness.model.otherwise(request -> {
        int n = steps.incrementAndGet();
        if (n >= STEPS) return reply(text("Done."));
        return reply(toolCall("read_file",
            "{\"path\":\"notes.txt\",\"start_line\":" + (n * 15) + ",\"end_line\":" + (n * 15 + 14) + "}"));
      });
      String taskId = harness.start(workspace, "Go through the notes");
      harness.awaitProgress(taskId, p -> p.turn() >= 1 && p.status() != dev.longhaul.workflow.TaskStatus.running,
          "the session", 900);
      List<UsageRow> ledger = harness.store.usage(taskId);
      return new Result(variant, ledger.size(), ledger.stream().mapToLong(UsageRow::input).sum(),
          ledger.stream().mapToLong(UsageRow::cached).sum());
    }
  }

  private static String line(Result r) {
    return String.format("%-34s %9d %,14d %,14d %,16.0f%n", r.variant(), r.requests(), r.input(), r.cached(), r.billed());
  }
}
