package dev.longhaul.worker;

import static dev.longhaul.testing.AnthropicScript.reply;
import static dev.longhaul.testing.AnthropicScript.text;
import static dev.longhaul.testing.AnthropicScript.thinking;
import static dev.longhaul.testing.AnthropicScript.toolUse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.longhaul.store.UsageRow;
import dev.longhaul.testing.AnthropicCache;
import dev.longhaul.testing.FakeAnthropicServer;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.testing.Reply;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TurnRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each token is paid for once with Anthropic too: over a 200-step task through the real workflow,
 * each request extends the previous one block for block (breakpoint markers aside), and the fake's
 * simulation of Anthropic's cache reads at least 95% of what any client could.
 */
class AnthropicPromptCacheTest {
  static final String MODEL = "claude-sonnet-5-5";
  final FakeAnthropicServer anthropic = FakeAnthropicServer.start();
  AgentHarness harness;
  @TempDir Path workspace;

  @BeforeEach
  void startHarness() {
    harness = AgentHarness.builder()
        .settings(AnthropicWorker.only(anthropic, MODEL, Duration.ofSeconds(10)))
        .build();
  }

  @AfterEach
  void stop() {
    if (harness != null) harness.close();
    anthropic.close();
  }

  /** Mostly one read with thinking; a dozen parallel reads every 25th step (more than the 20-block lookback). */
  static Reply step(int n) {
    if (n == 100 || n == 200) return reply(thinking("all read", "sig-" + n), text("Turn done."));
    int calls = n % 25 == 0 ? 12 : 1;
    List<String> blocks = new ArrayList<>(List.of(thinking("step " + n, "sig-" + n)));
    for (int c = 0; c < calls; c++) {
      int start = (n * 10 + c * 3) % 3_900 + 1;
      blocks.add(toolUse("read_file", "{\"path\":\"notes.txt\",\"start_line\":" + start + ",\"end_line\":" + (start + 15) + "}"));
    }
    return reply(blocks.toArray(String[]::new));
  }

  @Test
  void overTwoHundredSteps_eachRequestExtendsThePrevious_andTheCacheReadsAtLeast95PercentOfTheMaximum()
      throws Exception {
    Files.writeString(workspace.resolve("notes.txt"), CompactionTest.logLines(4_000));
    AtomicInteger steps = new AtomicInteger();
    anthropic.otherwise(request -> step(steps.incrementAndGet()));

    String taskId = harness.start(workspace, "Go through the notes");
    harness.awaitProgress(taskId, p -> p.turn() >= 1 && !p.status().inTurn(), "turn 1", 300);
    harness.existing(taskId).submitTurn(new TurnRequest("Once more"));
    Progress done = harness.awaitProgress(taskId, p -> p.turn() >= 2 && !p.status().inTurn(), "turn 2", 300);

    List<RecordedRequest> requests = anthropic.requests();
    assertThat(requests).hasSize(200);
    long maximum = 0;
    for (int i = 1; i < requests.size(); i++) {
      List<String> before = blocks(requests.get(i - 1).body());
      List<String> now = blocks(requests.get(i).body());
      assertThat(now.subList(0, Math.min(before.size(), now.size())))
          .as("request %d extends request %d", i + 1, i).isEqualTo(before);
      maximum += AnthropicCache.theoreticalMaximum(requests.get(i - 1).body(), requests.get(i).body());
    }
    AnthropicCache.Summary summary = AnthropicCache.Summary.of(anthropic.billings(), maximum);
    System.out.printf("anthropic prompt cache: %s; cost $%.2f%n", summary, done.costUsd());
    long read = summary.read();

    assertThat(read).isGreaterThanOrEqualTo(maximum * 95 / 100);
    assertThat(done.tokens().input()).isEqualTo(summary.total());
    assertThat(done.tokens().cached()).isEqualTo(read);
    assertThat(done.cacheBreaks()).isZero();
    List<UsageRow> ledger = harness.store.usage(taskId);
    assertThat(ledger).hasSize(200);
    assertThat(ledger.stream().mapToLong(UsageRow::cached).sum()).isEqualTo(read);
    assertThat(done.costUsd()).isNotNull().isPositive();
  }

  /** The request's message blocks in order, each without its breakpoint marker. */
  static List<String> blocks(JsonNode body) {
    List<String> blocks = new ArrayList<>();
    for (JsonNode message : body.path("messages")) {
      for (JsonNode block : message.path("content")) {
        ObjectNode plain = block.deepCopy();
        plain.remove("cache_control");
        blocks.add(message.path("role").asText() + ":" + plain);
      }
    }
    return blocks;
  }
}
