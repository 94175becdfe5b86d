package dev.longhaul.worker;

import static dev.longhaul.testing.ChatScript.reply;
import static dev.longhaul.testing.ChatScript.text;
import static dev.longhaul.testing.ChatScript.toolCall;

import dev.longhaul.store.UsageRow;
import dev.longhaul.testing.FakeChatServer;
import dev.longhaul.testing.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test: billed input tokens of a 300-step session on a Chat Completions server
 * (the fake, with OpenAI's prefix-cache rules), against the minimum a client could be billed: each
 * request reusing all of the previous one from the cache. Run it with the command in BENCHMARKS.md.
 */
@EnabledIfSystemProperty(named = "longhaul.benchmark", matches = "true")
class ChatCacheBenchmark {
  static final int STEPS = 300;
  /** Cached input tokens cost a tenth of uncached ones, as for CacheBenchmark. */
  static final double CACHED_PRICE = 0.1;

  @TempDir Path workspace;

  @Test
  void billedInputTokens_againstTheMinimum() throws Exception {
    Files.writeString(workspace.resolve("notes.txt"), CompactionTest.logLines(6_000));
    try (AgentHarness harness = AgentHarness.builder().chatByDefault().streamIdleTimeout(Duration.ofSeconds(30)).build()) {
      FakeChatServer chat = harness.chat;
      AtomicInteger steps = new AtomicInteger();
      chat.otherwise(request -> {
        int n = steps.incrementAndGet();
        if (n >= STEPS) return reply(text("Done."));
        return reply(toolCall("read_file",
            "{\"path\":\"notes.txt\",\"start_line\":" + (n * 15) + ",\"end_line\":" + (n * 15 + 14) + "}"));
      });
      String taskId = harness.start(workspace, "Go through the notes");
      harness.awaitProgress(taskId, p -> p.turn() >= 1 && p.status() != dev.longhaul.workflow.TaskStatus.running,
          "the session", 900);

      List<UsageRow> ledger = harness.store.usage(taskId);
      long input = ledger.stream().mapToLong(UsageRow::input).sum();
      long cached = ledger.stream().mapToLong(UsageRow::cached).sum();
      List<RecordedRequest> requests = chat.requests();
      long best = 0;
      for (int i = 1; i < requests.size(); i++) {
        best += FakeChatServer.cachedTokens(FakeChatServer.promptTokens(requests.get(i).body()),
            FakeChatServer.promptTokens(requests.get(i - 1).body()));
      }
      double billed = (input - cached) + cached * CACHED_PRICE;
      double minimum = (input - best) + best * CACHED_PRICE;
      String report = String.format("%9s %14s %14s %16s %16s%n", "requests", "input tokens", "cached tokens",
          "billed input", "minimum billed")
          + String.format("%9d %,14d %,14d %,16.0f %,16.0f%n", ledger.size(), input, cached, billed, minimum)
          + String.format("billed / minimum: %.3fx%n", billed / minimum);
      System.out.print(report);
      Path out = Path.of("target", "benchmarks", "chat-cache.txt");
      Files.createDirectories(out.getParent());
      Files.writeString(out, report);
    }
  }
}
