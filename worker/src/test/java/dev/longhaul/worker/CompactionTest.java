package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.activities.CompactionActivitiesImpl;
import dev.longhaul.activities.ContextLimits;
import dev.longhaul.testing.FakeModelServer.Compaction;
import dev.longhaul.worker.LonghaulWorker.WorkerSettings;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.testing.TokenMeter;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskStatus;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task outlives its context window: it compacts, continues as new, and loses nothing it needs. */
class CompactionTest {
  static final long WINDOW = 16_000;
  static final long LIMIT = 13_000;
  AgentHarness harness;
  @TempDir Path workspace;

  /** A worker per test: a worker learns whether its provider can compact, and keeps that. */
  @BeforeEach
  void startHarness() {
    harness = AgentHarness.builder().settings(CompactionTest::settings).build();
  }

  private static WorkerSettings settings(WorkerSettings defaults) {
    return defaults
        .withLimits(new ContextLimits(WINDOW, LIMIT))
        .withToolOutputBudget(1_500)
        .withCompaction(CompactionActivitiesImpl.Mode.auto);
  }

  @AfterEach
  void stopHarness() {
    if (harness != null) harness.close();
  }

  @Test
  void aLongSession_compactsAndContinuesAsNew_withinTheWindow_andKeepsEachCompactionByteForByte()
      throws Exception {
    int steps = 340;
    Files.writeString(workspace.resolve("log.txt"), logLines(20_000));
    AtomicInteger calls = new AtomicInteger();
    harness.model.otherwise(request -> {
      int n = calls.incrementAndGet();
      if (n >= steps) return reply(text("Read it all."));
      int start = 1 + (n * 150) % 19_000;
      return reply(toolCall("read_file",
          "{\"path\":\"log.txt\",\"start_line\":" + start + ",\"end_line\":" + (start + 149) + "}"));
    });

    String taskId = harness.start(workspace, "Read the whole log, a page at a time");
    Progress done = harness.awaitProgress(taskId, p -> p.status() != TaskStatus.running && p.turn() >= 1, "the long turn", 600);

    assertThat(done.status()).isEqualTo(TaskStatus.idle);
    assertThat(done.lastMessage()).isEqualTo("Read it all.");
    List<RecordedRequest> requests = harness.model.requests();
    assertThat(requests).hasSizeGreaterThanOrEqualTo(steps);
    long sent = requests.stream().mapToLong(r -> TokenMeter.inputTokens(r.body())).sum();
    long largest = requests.stream().mapToLong(r -> TokenMeter.inputTokens(r.body())).max().orElseThrow();
    List<List<HistoryEvent>> runs = harness.runs(taskId);
    List<String> compactions = harness.model.issuedCompactions();
    System.out.printf("long session: %d requests, %,d input tokens sent, largest request %,d tokens,"
            + " %d compactions, %d runs, largest run %,d bytes / %d events%n",
        requests.size(), sent, largest, compactions.size(), runs.size(),
        runs.stream().mapToLong(CompactionTest::bytes).max().orElseThrow(),
        runs.stream().mapToInt(List::size).max().orElseThrow());

    assertThat(sent).isGreaterThan(2_000_000);
    assertThat(largest).isLessThanOrEqualTo(WINDOW);
    for (RecordedRequest compaction : harness.model.compactionRequests()) {
      assertThat(TokenMeter.inputTokens(compaction.body())).isLessThanOrEqualTo(WINDOW);
    }
    assertThat(compactions).hasSizeGreaterThanOrEqualTo(3);
    assertThat(runs).hasSizeGreaterThan(compactions.size()); // one run per compaction, and the first
    for (List<HistoryEvent> run : runs) {
      assertThat(bytes(run)).isLessThan(4L * 1024 * 1024);
      assertThat(run).hasSizeLessThan(4_096);
    }
    for (String item : compactions) {
      assertThat(requests).anySatisfy(r -> assertThat(r.rawBody()).contains(item));
    }
    requests.forEach(AgentHarness::assertEveryCallAnsweredOnce);
    assertThat(harness.store.checkpoints(taskId)).hasSize(compactions.size());
  }

  @Test
  void withoutAProviderCompaction_theModelWritesAHandoffSummary_andTheNotesAreReRead() throws Exception {
    harness.model.compaction(Compaction.UNSUPPORTED);
    Files.createDirectories(workspace.resolve(".longhaul"));
    Files.writeString(workspace.resolve(".longhaul/NOTES.md"), "- decided: keep the API stable\n");
    Files.writeString(workspace.resolve("big.txt"), logLines(3_000));
    AtomicInteger reads = new AtomicInteger();
    harness.model.otherwise(request -> {
      String last = request.userMessages().isEmpty() ? "" : request.userMessages().get(request.userMessages().size() - 1);
      if (last.contains("Write that handoff summary now")) {
        return reply(text("GOAL: read big.txt. DONE: pages 1-8. NEXT: page 9."));
      }
      if (request.rawBody().contains("<handoff_summary>")) return reply(text("Continuing from the summary."));
      int page = reads.incrementAndGet();
      return reply(toolCall("read_file", "{\"path\":\"big.txt\",\"start_line\":" + (page * 200 - 199)
          + ",\"end_line\":" + (page * 200) + "}"));
    });

    String taskId = harness.start(workspace, "Read big.txt");
    Progress done = harness.awaitTurnEnd(taskId, 1);

    assertThat(done.lastMessage()).isEqualTo("Continuing from the summary.");
    assertThat(harness.model.issuedCompactions()).isEmpty();
    RecordedRequest afterCompaction = harness.model.requests().get(harness.model.requests().size() - 1);
    assertThat(afterCompaction.userMessages().get(0)).isEqualTo("Read big.txt");
    assertThat(afterCompaction.userMessages().get(1))
        .contains("<handoff_summary>\nGOAL: read big.txt. DONE: pages 1-8. NEXT: page 9.\n</handoff_summary>");
    assertThat(afterCompaction.rawBody()).contains("decided: keep the API stable");
    assertThat(afterCompaction.input("function_call")).isEmpty(); // the old tool chain is summarized away
    assertThat(harness.store.checkpoints(taskId)).extracting(c -> c.reason()).containsExactly("compaction");
  }

  @Test
  void aRequestTheProviderFindsTooLong_isCompactedAndRetriedOnce() throws Exception {
    Files.writeString(workspace.resolve("a.txt"), "alpha\n");
    harness.model.script(
        reply(toolCall("read_file", "{\"path\":\"a.txt\"}")),
        new dev.longhaul.testing.Reply.Status(400,
            "{\"error\":{\"message\":\"Your input exceeds the context window of this model.\","
                + "\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}",
            java.util.Map.of()),
        reply(text("Fits now.")));

    String taskId = harness.start(workspace, "Read a.txt");
    Progress done = harness.awaitTurnEnd(taskId, 1);

    assertThat(done.status()).isEqualTo(TaskStatus.idle);
    assertThat(done.lastMessage()).isEqualTo("Fits now.");
    assertThat(harness.model.compactionRequests()).hasSize(1);
    List<RecordedRequest> requests = harness.model.requests();
    assertThat(requests).hasSize(3);
    assertThat(requests.get(2).rawBody()).contains(harness.model.issuedCompactions().get(0));
    assertThat(harness.runs(taskId)).hasSize(2); // the compaction ended the first run
  }

  @Test
  void compactionThatKeepsFailing_stopsTheTurnForAttention_insteadOfLooping() throws Exception {
    harness.model.compaction(Compaction.FAILING);
    Files.writeString(workspace.resolve("big.txt"), logLines(3_000));
    harness.model.otherwise(readsPagesOf("big.txt", 200));

    String taskId = harness.start(workspace, "Read big.txt");
    Progress stopped = harness.awaitProgress(taskId, p -> p.status() == TaskStatus.needs_attention, "needs attention", 120);

    assertThat(stopped.error()).startsWith("compaction failed 3 times in a row: HTTP 500: compaction is broken");
    harness.awaitProgress(taskId, p -> harness.store.task(taskId).orElseThrow().status().equals("needs-attention"),
        "the store to record that the task needs attention");
    assertThat(harness.model.compactionRequests()).hasSize(9); // three compactions of three attempts each
  }

  @Test
  void aContextThatFillsUpAgainAfterEachCompaction_stopsTheTurnForAttention() throws Exception {
    harness.model.padCompactions((int) LIMIT * 4 + 100); // each compaction alone exceeds the limit
    Files.writeString(workspace.resolve("big.txt"), logLines(3_000));
    harness.model.otherwise(readsPagesOf("big.txt", 200));

    String taskId = harness.start(workspace, "Read big.txt");
    Progress stopped = harness.awaitProgress(taskId, p -> p.status() == TaskStatus.needs_attention, "needs attention", 120);

    assertThat(stopped.error()).startsWith("the context filled up again straight after 3 compactions");
    assertThat(harness.model.issuedCompactions()).hasSize(3);

    // A new turn starts afresh: once compactions leave room again, the work goes on.
    harness.model.padCompactions(0);
    harness.model.otherwise(request -> reply(text("Back on track.")));
    harness.existing(taskId).submitTurn(new dev.longhaul.workflow.TurnRequest("Just summarize"));
    Progress resumed = harness.awaitTurnEnd(taskId, 2);
    assertThat(resumed.status()).isEqualTo(TaskStatus.idle);
    assertThat(resumed.lastMessage()).isEqualTo("Back on track.");
  }

  @Test
  void anInterruptDuringARemoteCompaction_closesItsCallAtOnce_andStoresNoCheckpoint() throws Exception {
    // The read timeout must outlast the wait for the interrupt, or it would close the call first.
    if (harness != null) harness.close();
    harness = AgentHarness.builder()
        .streamIdleTimeout(java.time.Duration.ofMinutes(5))
        .settings(CompactionTest::settings)
        .build();
    harness.model.delayCompactions(java.time.Duration.ofMinutes(2));
    Files.writeString(workspace.resolve("big.txt"), logLines(3_000));
    harness.model.otherwise(readsPagesOf("big.txt", 200));
    String taskId = harness.start(workspace, "Read big.txt");
    harness.awaitProgress(taskId, p -> !harness.model.compactionRequests().isEmpty(), "a compaction to start", 120);

    harness.existing(taskId).interrupt(new dev.longhaul.workflow.InterruptRequest("stop compacting"));
    // Were the call not closed, the interrupt would wait for the provider's answer, minutes away.
    Progress stopped = harness.awaitProgress(taskId, p -> p.status() != TaskStatus.running, "the interrupt", 60);

    assertThat(stopped.status()).isEqualTo(TaskStatus.idle);
    assertThat(stopped.error()).isEqualTo("interrupted: stop compacting");
    assertThat(harness.model.compactionsAnswered()).as("compactions answered by the provider").isZero();
    assertThat(harness.store.checkpoints(taskId)).isEmpty();
    assertThat(harness.model.compactionRequests()).hasSize(1);
  }

  @Test
  void anEndSentDuringATurnThatContinuesAsNew_stillEndsTheTask() throws Exception {
    Files.writeString(workspace.resolve("big.txt"), logLines(3_000));
    var pages = readsPagesOf("big.txt", 200);
    harness.model.otherwise(request -> request.rawBody().contains("compacted-1")
        ? reply(text("Done after compacting."))
        : pages.apply(request));
    String taskId = harness.start(workspace, "Read big.txt");
    harness.awaitProgress(taskId, p -> p.step() >= 1, "the first step");

    harness.existing(taskId).end(new dev.longhaul.workflow.EndRequest("enough"));
    dev.longhaul.workflow.TaskResult result = io.temporal.client.WorkflowStub.fromTyped(harness.existing(taskId))
        .getResult(120, java.util.concurrent.TimeUnit.SECONDS, dev.longhaul.workflow.TaskResult.class);

    assertThat(result.status()).isEqualTo(TaskStatus.ended);
    assertThat(result.lastMessage()).isEqualTo("Done after compacting.");
    assertThat(harness.runs(taskId)).hasSizeGreaterThanOrEqualTo(2);
  }

  /** A model that reads {@code file} page by page, forever. */
  static java.util.function.Function<dev.longhaul.testing.RecordedRequest, dev.longhaul.testing.Reply> readsPagesOf(
      String file, int linesPerPage) {
    AtomicInteger pages = new AtomicInteger();
    return request -> {
      int page = pages.incrementAndGet();
      return reply(toolCall("read_file", "{\"path\":\"" + file + "\",\"start_line\":"
          + (page * linesPerPage - linesPerPage + 1) + ",\"end_line\":" + (page * linesPerPage) + "}"));
    };
  }

  static String logLines(int count) {
    StringBuilder log = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      log.append("2026-11-22T03:").append(i % 60).append(" worker-").append(i % 7)
          .append(" processed batch ").append(i).append(" with checksum ").append(Integer.toHexString(i * 7919)).append('\n');
    }
    return log.toString();
  }

  static long bytes(List<HistoryEvent> run) {
    return run.stream().mapToLong(HistoryEvent::getSerializedSize).sum();
  }
}
