package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.afterSilence;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.model.Pricing;
import dev.longhaul.store.UsageRow;
import dev.longhaul.testing.GitRepo;
import dev.longhaul.workflow.Attempts;
import dev.longhaul.workflow.BestOf;
import dev.longhaul.workflow.TaskInput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Best of 4 against one attempt, the same task: wall time on this machine and the cost multiple.
 * Every attempt makes {@value #STEPS} shell calls, then answers, the fake model answering each
 * request after {@link #MODEL_LATENCY} and reporting usage as a provider would (its prompt cache
 * included); a check runs in each attempt, and the review is one more model call.
 */
@EnabledIfSystemProperty(named = "longhaul.benchmark", matches = "true")
class BestOfBenchmark {
  static final int STEPS = 5;
  static final Duration MODEL_LATENCY = Duration.ofSeconds(1);
  private static final Pricing PRICES = new Pricing(Map.of("test-model", new Pricing.Price(1.25, 0.125, 10.0)));

  @TempDir Path temp;

  @Test
  void fourAttempts_againstOne_wallTimeAndCost() throws Exception {
    try (AgentHarness harness = AgentHarness.builder()
        .settings(s -> s.withWorkspaceRoot(temp.resolve("root")).withPricing(PRICES)).build()) {
      harness.model.otherwise(request -> {
        if (request.body().path("tools").toString().contains("pick_attempt")) {
          return afterSilence(MODEL_LATENCY, toolCall("pick_attempt", "{\"attempt\":1,\"reasons\":\"The first is as good.\"}"));
        }
        return request.input("function_call_output").size() >= STEPS
            ? afterSilence(MODEL_LATENCY, text("Done: five lines appended."))
            : afterSilence(MODEL_LATENCY, toolCall("shell", "{\"command\":\"echo step >> log.txt; ls\"}"));
      });
      run(harness, 1); // warm-up: JIT, the store's first queries, the first worktree
      Result one = run(harness, 1);
      Result four = run(harness, 4);
      String report = String.format(
          "best of N: %d steps per attempt, a model that answers in %d ms, `--check true`, Java test server; load average %s%n"
              + "%s%n%s%n"
              + "wall time: %.2fx that of one attempt; billed tokens: %.2fx; cost: %.2fx%n",
          STEPS, MODEL_LATENCY.toMillis(), BenchmarkStack.loadAverage(), one, four,
          four.seconds / one.seconds, (double) four.tokens / one.tokens, four.costMicros / (double) one.costMicros);
      BenchmarkStack.write("best-of.txt", report);
    }
  }

  private record Result(int attempts, double seconds, int requests, long tokens, long costMicros) {
    @Override
    public String toString() {
      return String.format("%d attempt%s: first turn ended after %.1f s; %d model requests, %,d billed tokens, $%.4f",
          attempts, attempts == 1 ? "" : "s", seconds, requests, tokens, costMicros / 1e6);
    }
  }

  private Result run(AgentHarness harness, int attempts) throws Exception {
    GitRepo repo = GitRepo.init(temp.resolve("ws-" + UUID.randomUUID()));
    repo.write("log.txt", "start\n").commit("first");
    String taskId = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    TaskInput input = TaskInput.of(repo.dir.toString(), "Append five lines to log.txt, one command each");
    if (attempts > 1) input = input.withBestOf(BestOf.of(attempts, "true", false, null));
    int before = harness.model.requests().size();
    long started = System.nanoTime();
    harness.start(taskId, input);
    harness.awaitProgress(taskId, p -> p.turn() >= 1 && !p.status().inTurn(), "the first turn", 300);
    double seconds = (System.nanoTime() - started) / 1e9;
    if (attempts > 1) assertThat(harness.existing(taskId).attempts().phase()).isEqualTo(Attempts.Phase.picked);
    List<String> tasks = Stream.concat(Stream.of(taskId),
        Stream.iterate(1, n -> n + 1).limit(attempts > 1 ? attempts : 0).map(n -> BestOf.attemptId(taskId, n))).toList();
    List<UsageRow> usage = tasks.stream().flatMap(t -> harness.store.usage(t).stream()).toList();
    long tokens = usage.stream().mapToLong(u -> u.input() - u.cached() + u.output()).sum();
    long cost = usage.stream().mapToLong(u -> u.costMicros() == null ? 0 : u.costMicros()).sum();
    return new Result(attempts, seconds, harness.model.requests().size() - before, tokens, cost);
  }
}
