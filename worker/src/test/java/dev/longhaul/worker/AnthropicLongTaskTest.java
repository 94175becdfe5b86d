package dev.longhaul.worker;

import static dev.longhaul.testing.AnthropicRequests.blocksOfType;
import static dev.longhaul.testing.AnthropicRequests.userTexts;
import static dev.longhaul.testing.AnthropicScript.reply;
import static dev.longhaul.testing.AnthropicScript.text;
import static dev.longhaul.testing.AnthropicScript.toolUse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.activities.CompactionActivitiesImpl;
import dev.longhaul.activities.ContextLimits;
import dev.longhaul.testing.AnthropicScript;
import dev.longhaul.testing.FakeAnthropicServer;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Anthropic task outlives its context: with Anthropic's server-side compaction when the context
 * is past its 50,000-token minimum, else with the local handoff summary; either way a checkpoint
 * and a new run.
 */
class AnthropicLongTaskTest {
  final FakeAnthropicServer anthropic = FakeAnthropicServer.start();
  AgentHarness harness;
  @TempDir Path workspace;

  /** A worker per test: a worker learns whether its provider can compact, and keeps that. */
  private AgentHarness harness(long window, long limit, int toolOutputBudget) {
    harness = AgentHarness.builder()
        .settings(s -> AnthropicWorker.only(anthropic, "claude-test", Duration.ofSeconds(10)).apply(s)
            .withLimits(new ContextLimits(window, limit))
            .withToolOutputBudget(toolOutputBudget)
            .withCompaction(CompactionActivitiesImpl.Mode.auto))
        .build();
    return harness;
  }

  @AfterEach
  void stop() {
    if (harness != null) harness.close();
    anthropic.close();
  }

  @Test
  void pastAnthropicsMinimum_theServerCompacts_andTheCompactionBlockIsReSentByteForByte() throws Exception {
    harness(200_000, 70_000, 12_000);
    Files.writeString(workspace.resolve("log.txt"), CompactionTest.logLines(40_000));
    AtomicInteger calls = new AtomicInteger();
    anthropic.otherwise(request -> {
      int n = calls.incrementAndGet();
      if (n >= 14) return reply(text("Read enough."));
      return reply(toolUse("read_file",
          "{\"path\":\"log.txt\",\"start_line\":" + (n * 600 - 599) + ",\"end_line\":" + (n * 600) + "}"));
    });

    String taskId = harness.start(workspace, "Read the log");
    Progress done = harness.awaitProgress(taskId, p -> p.turn() >= 1 && !p.status().inTurn(), "the long turn", 300);

    assertThat(done.status()).isEqualTo(TaskStatus.idle);
    assertThat(done.lastMessage()).isEqualTo("Read enough.");
    List<String> compactions = anthropic.issuedCompactions();
    assertThat(compactions).isNotEmpty();
    assertThat(anthropic.compactionRequests()).allSatisfy(r -> {
      assertThat(r.header("anthropic-beta")).isEqualTo("compact-2026-01-12");
      assertThat(r.body().path("context_management").path("edits").get(0).path("type").asText())
          .isEqualTo("compact_20260112");
    });
    RecordedRequest last = anthropic.requests().get(anthropic.requests().size() - 1);
    assertThat(last.rawBody()).contains(compactions.get(compactions.size() - 1).replace("}", ""));
    assertThat(harness.store.checkpoints(taskId)).hasSize(compactions.size());
    assertThat(harness.runs(taskId)).hasSizeGreaterThan(compactions.size());
  }

  @Test
  void belowAnthropicsMinimum_theModelWritesAHandoffSummary_andTheTaskContinuesWithIt() throws Exception {
    harness(16_000, 13_000, 1_500);
    Files.writeString(workspace.resolve("big.txt"), CompactionTest.logLines(3_000));
    AtomicInteger reads = new AtomicInteger();
    anthropic.otherwise(request -> {
      List<String> texts = userTexts(request);
      String last = texts.isEmpty() ? "" : texts.get(texts.size() - 1);
      if (last.contains("Write that handoff summary now")) return reply(text("GOAL: read big.txt. NEXT: page 9."));
      if (request.rawBody().contains("<handoff_summary>")) return reply(text("Continuing from the summary."));
      int page = reads.incrementAndGet();
      return reply(toolUse("read_file", "{\"path\":\"big.txt\",\"start_line\":" + (page * 200 - 199)
          + ",\"end_line\":" + (page * 200) + "}"));
    });

    String taskId = harness.start(workspace, "Read big.txt");
    Progress done = harness.awaitTurnEnd(taskId, 1);

    assertThat(done.lastMessage()).isEqualTo("Continuing from the summary.");
    assertThat(anthropic.compactionRequests()).isEmpty(); // too small to ask Anthropic
    RecordedRequest after = anthropic.requests().get(anthropic.requests().size() - 1);
    assertThat(userTexts(after)).anySatisfy(t -> assertThat(t).contains("GOAL: read big.txt. NEXT: page 9."));
    assertThat(blocksOfType(after, "tool_use")).isEmpty(); // the old tool chain is summarized away
    assertThat(harness.store.checkpoints(taskId)).extracting(c -> c.reason()).containsExactly("compaction");
  }

  @Test
  void aPromptAnthropicFindsTooLong_isCompactedAndRetried() throws Exception {
    harness(16_000, 13_000, 1_500);
    Files.writeString(workspace.resolve("a.txt"), "alpha\n");
    anthropic.script(
        reply(toolUse("read_file", "{\"path\":\"a.txt\"}")),
        AnthropicScript.promptTooLong(),
        reply(text("SUMMARY: read a.txt.")),
        reply(text("Fits now.")));

    String taskId = harness.start(workspace, "Read a.txt");
    Progress done = harness.awaitTurnEnd(taskId, 1);

    assertThat(done.lastMessage()).isEqualTo("Fits now.");
    assertThat(harness.store.checkpoints(taskId)).hasSize(1);
    assertThat(harness.runs(taskId)).hasSize(2);
  }
}
