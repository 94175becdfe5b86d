package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reasoning;
import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.activities.ContextLimits;
import dev.longhaul.store.TaskRow;
import dev.longhaul.testing.ModelScript;
import dev.longhaul.contract.ApprovalPolicy;
import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.workflow.ApprovalAnswer;
import dev.longhaul.workflow.Budget;
import dev.longhaul.workflow.EndRequest;
import dev.longhaul.workflow.InterruptRequest;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskResult;
import dev.longhaul.workflow.TaskPolicy;
import dev.longhaul.workflow.TaskStatus;
import dev.longhaul.workflow.TurnRequest;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records the histories {@link ReplayTest} replays: four representative tasks, run for real
 * (workflow, activities, PostgreSQL, a scripted model), each ended so its history is closed, and
 * written as JSON to {@code worker/src/test/resources/histories/}. Skipped unless asked for:
 *
 * <pre>
 * ./mvnw -B -o -pl worker -am verify -Dtest='HistoryRecorder#toolLoop' \
 *     -Dlonghaul.recordHistories=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * An existing file is not overwritten unless {@code -Dlonghaul.recordHistories.overwrite=true} is
 * added too. Record only to add a history. Never re-record to make a failing replay pass: the failure means
 * a change to the workflow would break the tasks that are running; guard it with {@code
 * Workflow.getVersion} instead (see docs/replay.md).
 */
@EnabledIfSystemProperty(named = "longhaul.recordHistories", matches = "true")
class HistoryRecorder {
  static final Path HISTORIES =
      Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "histories");

  @TempDir Path workspace;

  /** One turn: reasoning and a read, a patch, a test run, then the answer. */
  @Test
  void toolLoop() throws Exception {
    checkWritable("tool-loop");
    Files.writeString(workspace.resolve("calc.sh"), "add() { echo $(( $1 - $2 )); }\n");
    Files.writeString(
        workspace.resolve("test.sh"),
        ". ./calc.sh\n[ \"$(add 2 3)\" = 5 ] && echo PASS || { echo FAIL; exit 1; }\n");
    try (AgentHarness harness = AgentHarness.builder().build()) {
      harness.model.script(
          reply(reasoning("look"), toolCall("read_file", "{\"path\":\"calc.sh\"}")),
          reply(toolCall("apply_patch", patchInput())),
          reply(toolCall("shell", "{\"command\":\"bash test.sh\"}")),
          reply(text("Fixed add; the test passes.")));
      String taskId = "replay-tool-loop";
      harness.start(taskId, TaskInput.of(workspace.toString(), "Fix add in calc.sh"));
      harness.awaitTurnEnd(taskId, 1);
      assertThat(Files.readString(workspace.resolve("calc.sh"))).contains("$1 + $2");

      end(harness, taskId);
      save(harness, taskId, "tool-loop");
    }
  }

  /**
   * Read-only calls run in the workflow's own worker (local activities): a batch of two, then a
   * single one, then the answer.
   */
  @Test
  void readOnlyHere() throws Exception {
    checkWritable("read-only-here");
    Files.writeString(workspace.resolve("notes.txt"), "one\ntwo\n");
    try (AgentHarness harness = AgentHarness.builder().build()) {
      harness.model.script(
          reply(toolCall("read_file", "{\"path\":\"notes.txt\"}"), toolCall("list_dir", "{\"path\":\".\"}")),
          reply(toolCall("grep", "{\"pattern\":\"two\"}")),
          reply(text("Two lines; the second says two.")));
      String taskId = "replay-read-only-here";
      harness.start(taskId, TaskInput.of(workspace.toString(), "Read the notes"));
      assertThat(harness.awaitTurnEnd(taskId, 1).lastMessage()).isEqualTo("Two lines; the second says two.");

      end(harness, taskId);
      save(harness, taskId, "read-only-here");
    }
  }

  /**
   * Follow-up turns: the second sent while the task is idle, the third while the second's shell
   * command runs (so it is queued), then the end signal.
   */
  @Test
  void followUp() throws Exception {
    checkWritable("follow-up");
    try (AgentHarness harness = AgentHarness.builder().build()) {
      harness.model.script(
          reply(toolCall("list_dir", "{\"path\":\".\"}")),
          reply(text("Listed.")),
          reply(toolCall("shell", "{\"command\":\"sleep 2; echo slow\"}")),
          reply(text("Second done.")),
          reply(text("Third done.")));
      String taskId = "replay-follow-up";
      harness.start(taskId, TaskInput.of(workspace.toString(), "List the workspace"));
      harness.awaitTurnEnd(taskId, 1);

      harness.existing(taskId).submitTurn(new TurnRequest("Now run something slow"));
      harness.awaitProgress(taskId, p -> p.turn() == 2 && "shell: sleep 2; echo slow".equals(p.lastTool()), "the shell call");
      harness.existing(taskId).submitTurn(new TurnRequest("And one more thing"));
      assertThat(harness.progress(taskId).queuedTurns()).isEqualTo(1);
      var progress = harness.awaitTurnEnd(taskId, 3);
      assertThat(progress.lastMessage()).isEqualTo("Third done.");

      end(harness, taskId);
      save(harness, taskId, "follow-up");
    }
  }

  /**
   * Safe to leave running: the environment note; an escalation approved and one denied under
   * on-request (each answer is an Update); a follow-up whose token budget is already passed, then
   * one that raises it.
   */
  @Test
  void approvals() throws Exception {
    checkWritable("approvals");
    try (AgentHarness harness = AgentHarness.builder().build()) {
      String escalated = "{\"command\":\"echo outside > out.txt\",\"sandbox_permissions\":\"require_escalated\","
          + "\"justification\":\"a test\"}";
      harness.model.script(
          reply(toolCall("shell", escalated)),
          reply(toolCall("shell", escalated)),
          reply(text("One ran.")),
          reply(text("Going on.")));
      String taskId = "replay-approvals";
      harness.start(taskId, TaskInput.of(workspace.toString(), "Write out.txt twice").withPolicy(
          new TaskPolicy(new SandboxPolicy(SandboxMode.WORKSPACE_WRITE, false, List.of()),
              ApprovalPolicy.ON_REQUEST, null, false)));
      var first = harness.awaitProgress(taskId, p -> !p.approvals().isEmpty(), "the first approval");
      harness.existing(taskId).answerApproval(ApprovalAnswer.approve(first.approvals().get(0).callId(), false));
      var second = harness.awaitProgress(taskId, p -> !p.approvals().isEmpty()
          && !p.approvals().get(0).callId().equals(first.approvals().get(0).callId()), "the second approval");
      harness.existing(taskId).answerApproval(ApprovalAnswer.deny(second.approvals().get(0).callId(), "once"));
      assertThat(harness.awaitTurnEnd(taskId, 1).lastMessage()).isEqualTo("One ran.");
      // A limit already passed stops the next turn before its first step; a higher one lets it go on.
      harness.existing(taskId).submitTurn(new TurnRequest("Stop", null, new Budget(null, 1L, null)));
      assertThat(harness.awaitTurnEnd(taskId, 2).status()).isEqualTo(TaskStatus.needs_attention);
      harness.existing(taskId).submitTurn(new TurnRequest("Go on", null, new Budget(null, 1_000_000L, null)));
      assertThat(harness.awaitTurnEnd(taskId, 3).status()).isEqualTo(TaskStatus.idle);

      end(harness, taskId);
      save(harness, taskId, "approvals");
    }
  }

  /** A long shell command interrupted mid-turn, then a follow-up turn. */
  @Test
  void interrupt() throws Exception {
    checkWritable("interrupt");
    try (AgentHarness harness = AgentHarness.builder().build()) {
      harness.model.script(
          reply(toolCall("shell", "{\"command\":\"sleep 30; touch finished\"}")),
          reply(text("After the interrupt.")));
      String taskId = "replay-interrupt";
      harness.start(taskId, TaskInput.of(workspace.toString(), "Run something long"));
      harness.awaitProgress(taskId, p -> p.lastTool() != null, "the shell call");
      Thread.sleep(500); // let the command start

      harness.existing(taskId).interrupt(new InterruptRequest("wrong direction"));
      var stopped = harness.awaitTurnEnd(taskId, 1);
      assertThat(stopped.error()).isEqualTo("interrupted: wrong direction");
      harness.existing(taskId).submitTurn(new TurnRequest("Do something else"));
      harness.awaitTurnEnd(taskId, 2);

      end(harness, taskId);
      save(harness, taskId, "interrupt");
    }
  }

  /**
   * Small limits: a turn reads a log a page at a time until the context reaches the limit, the
   * workflow compacts and continues as new mid-turn, and the next run finishes the turn.
   *
   * <p>It waits on the store, not on the progress query: with queries polling while the run
   * continued as new, the test server now and then (about one recording in two) kept the first
   * run's history without its last events (no {@code WorkflowExecutionContinuedAsNew}).
   */
  @Test
  void compaction() throws Exception {
    checkWritable("compaction-run1");
    Files.writeString(workspace.resolve("log.txt"), CompactionTest.logLines(3_000));
    try (AgentHarness harness = AgentHarness.builder()
        .settings(settings -> settings.withLimits(new ContextLimits(16_000, 6_000)).withToolOutputBudget(1_500))
        .build()) {
      AtomicInteger pages = new AtomicInteger();
      harness.model.otherwise(request -> {
        if (request.rawBody().contains("gAAAAcompacted-")) return reply(text("Read enough after the compaction."));
        int page = pages.incrementAndGet();
        return reply(toolCall("read_file", "{\"path\":\"log.txt\",\"start_line\":" + (page * 150 - 149)
            + ",\"end_line\":" + (page * 150) + "}"));
      });
      String taskId = "replay-compaction";
      harness.start(taskId, TaskInput.of(workspace.toString(), "Read log.txt, a page at a time"));
      var done = awaitStoredTurnEnd(harness, taskId, 1);
      assertThat(done.lastMessage()).isEqualTo("Read enough after the compaction.");
      assertThat(harness.model.issuedCompactions()).isNotEmpty();

      end(harness, taskId);
      List<WorkflowExecutionHistory> runs = runs(harness, taskId);
      assertThat(runs).hasSizeGreaterThanOrEqualTo(2);
      assertThat(lastEvent(runs.get(0))).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
      for (int i = 0; i < runs.size(); i++) checkWritable("compaction-run" + (i + 1));
      for (int i = 0; i < runs.size(); i++) write("compaction-run" + (i + 1), runs.get(i));
    }
  }

  /** Waits for the turn to end by polling the store, not the workflow: see {@link #compaction}. */
  private static TaskRow awaitStoredTurnEnd(AgentHarness harness, String taskId, int turn) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      var row = harness.store.task(taskId);
      if (row.isPresent() && row.get().turn() >= turn && !"running".equals(row.get().status())) return row.get();
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting for turn " + turn + " of " + taskId);
  }

  /**
   * Best of two: the attempts as child workflows, their check, the model's review, the pick
   * applied, a follow-up turn from the winner's context. Records the parent and its first attempt.
   */
  @Test
  void bestOf() throws Exception {
    checkWritable("best-of");
    checkWritable("best-of-attempt");
    dev.longhaul.testing.GitRepo repo = dev.longhaul.testing.GitRepo.init(workspace.resolve("ws"));
    repo.write("answer.txt", "0\n").commit("first");
    Path root = workspace.resolve("root");
    try (AgentHarness harness = AgentHarness.builder().settings(s -> s.withWorkspaceRoot(root)).build()) {
      String taskId = "replay-best-of";
      for (int n = 1; n <= 2; n++) {
        harness.model.scriptFor(dev.longhaul.workflow.BestOf.attemptId(taskId, n),
            reply(toolCall("shell", "{\"command\":\"echo " + (40 + n) + " > answer.txt\"}")),
            reply(text("I wrote " + (40 + n) + ".")));
      }
      harness.model.scriptFor(taskId,
          reply(toolCall("pick_attempt", "{\"attempt\":2,\"reasons\":\"It passes the check.\"}")),
          reply(text("Nothing else.")));
      harness.start(taskId, TaskInput.of(repo.dir.toString(), "Fix the answer")
          .withBestOf(dev.longhaul.workflow.BestOf.of(2, "grep -qx 42 answer.txt", false, null)));
      harness.awaitTurnEnd(taskId, 1);
      assertThat(repo.dir.resolve("answer.txt")).hasContent("42");
      harness.existing(taskId).submitTurn(new TurnRequest("Anything else?", null));
      harness.awaitTurnEnd(taskId, 2);

      end(harness, taskId);
      save(harness, taskId, "best-of");
      save(harness, dev.longhaul.workflow.BestOf.attemptId(taskId, 1), "best-of-attempt");
    }
  }

  private static void end(AgentHarness harness, String taskId) throws Exception {
    harness.existing(taskId).end(new EndRequest("recorded"));
    TaskResult result =
        WorkflowStub.fromTyped(harness.existing(taskId)).getResult(30, TimeUnit.SECONDS, TaskResult.class);
    assertThat(result.status()).isEqualTo(TaskStatus.ended);
  }

  private static void save(AgentHarness harness, String taskId, String name) throws IOException {
    List<WorkflowExecutionHistory> runs = runs(harness, taskId);
    assertThat(runs).as("runs of " + taskId).hasSize(1);
    assertThat(lastEvent(runs.get(0))).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    write(name, runs.get(0));
  }

  /** Every run of the task, first to last, following the continue-as-new chain back. */
  private static List<WorkflowExecutionHistory> runs(AgentHarness harness, String taskId) {
    List<WorkflowExecutionHistory> runs = new ArrayList<>();
    WorkflowExecutionHistory run = harness.client.fetchHistory(taskId);
    while (true) {
      runs.add(0, run);
      String previous =
          run.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
      if (previous.isEmpty()) return runs;
      run = harness.client.fetchHistory(taskId, previous);
    }
  }

  private static EventType lastEvent(WorkflowExecutionHistory run) {
    List<HistoryEvent> events = run.getEvents();
    return events.get(events.size() - 1).getEventType();
  }

  /**
   * An existing recording is kept unless {@code -Dlonghaul.recordHistories.overwrite=true}: record
   * a new history by running its method alone ({@code -Dtest='HistoryRecorder#compaction'}).
   */
  private static void checkWritable(String name) {
    Path file = HISTORIES.resolve(name + ".json");
    if (Files.exists(file) && !Boolean.getBoolean("longhaul.recordHistories.overwrite")) {
      throw new AssertionError(file + " exists. Recordings are not refreshed to make a failing replay"
          + " pass (see docs/replay.md); to replace it anyway, add -Dlonghaul.recordHistories.overwrite=true");
    }
  }

  private static void write(String name, WorkflowExecutionHistory run) throws IOException {
    checkWritable(name);
    Files.createDirectories(HISTORIES);
    Path file = HISTORIES.resolve(name + ".json");
    Files.writeString(file, run.toJson(true) + "\n");
    System.out.printf("recorded %s: %d events, %,d bytes%n", file, run.getEvents().size(), Files.size(file));
  }

  private static String patchInput() {
    String patch =
        "*** Begin Patch\n*** Update File: calc.sh\n@@\n-add() { echo $(( $1 - $2 )); }\n"
            + "+add() { echo $(( $1 + $2 )); }\n*** End Patch";
    return "{\"input\":" + ModelScript.quote(patch) + "}";
  }
}
