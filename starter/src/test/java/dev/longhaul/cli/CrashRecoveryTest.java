package dev.longhaul.cli;

import static dev.longhaul.cli.ProcessStack.STEP_LIMIT;
import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static dev.longhaul.testing.ModelScript.trickle;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.store.Item;
import dev.longhaul.testing.FakeModelServer;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.testing.TokenMeter;
import dev.longhaul.contract.ApprovalPolicy;
import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.ApprovalAnswer;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskPolicy;
import dev.longhaul.workflow.TaskStatus;
import dev.longhaul.workflow.TurnRequest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost when a worker dies: Temporal's test server and PostgreSQL in one JVM ({@code
 * longhaul dev --no-worker}), a worker in another ({@code longhaul worker}), the client and the
 * fake model here (all set up by {@link ProcessStack}). Each scenario SIGKILLs the worker in the
 * middle of a step, starts a new one, and checks that the task finishes with a transcript that
 * holds every item exactly once and no function call without its output.
 *
 * <p>Recovery times are printed, not asserted: "from the kill to the next completed step", where
 * a step counts as completed when the fake model receives the request that could only be sent
 * after it (the next step's model call, or the first after the compaction). Also printed: when the
 * lost step started again on the new worker (the server notices the dead worker at most the
 * heartbeat timeout, 10 s, after the step's last heartbeat, then retries after a 1 s back-off) and
 * when the new worker polled.
 *
 * <p>A shell command changes things, so the retry of one cut off with its worker does not run it
 * again: it tells the model the call was cut off, with the output its last heartbeat carried,
 * unless the task asked for {@code --rerun-on-crash}.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class CrashRecoveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final ProcessStack stack = new ProcessStack();
  @TempDir Path workspace;
  final FakeModelServer model = stack.model();

  @Test
  void workerKilledWhileAModelResponseStreams_anotherWorkerFinishesTheTask() throws Exception {
    TimedReplies timed = TimedReplies.of(
        trickle(Duration.ofMillis(200), Duration.ofSeconds(60)), // streaming, heartbeating, never done
        reply(toolCall("shell", "{\"command\":\"echo recovered > after.txt\"}")),
        reply(text("Recovered, and wrote after.txt.")));
    model.otherwise(timed);
    Process first = stack.startWorker("first");
    String taskId = stack.startTask(workspace, "Write after.txt");

    timed.awaitArrivals(1);
    Thread.sleep(1_000); // a second into the stream: events are arriving and the step heartbeats
    long killed = stack.kill(first);
    Process second = stack.startWorker("second");

    long restarted = timed.awaitArrivals(2); // the same step again, on the new worker
    long nextStep = timed.awaitArrivals(3); // step 2: step 1 completed and its tool ran
    Progress done = stack.awaitTurnEnd(taskId);

    assertThat(done.lastMessage()).isEqualTo("Recovered, and wrote after.txt.");
    assertThat(workspace.resolve("after.txt")).hasContent("recovered");
    List<RecordedRequest> requests = model.requests();
    assertThat(requests).hasSize(3);
    assertThat(requests.get(1).rawBody()).isEqualTo(requests.get(0).rawBody()); // a retry, not a new step
    assertThat(stack.items(taskId)).extracting(item -> item.kind().label())
        .containsExactly("message:developer", "message:user", "function_call", "function_call_output",
            "message:assistant");
    assertNothingLost(stack.items(taskId), requests);
    stack.endTask(taskId);
    report("the model call", killed, second, restarted, nextStep);
  }

  @Test
  void workerKilledDuringALongShellCommand_theModelIsToldTheCallWasCutOff_andItRanOnce() throws Exception {
    TimedReplies timed = TimedReplies.of(
        reply(toolCall("shell", shell("echo started >> runs.txt; echo printed before the kill; sleep 20; echo done"))),
        reply(text("I will look at runs.txt before running it again.")));
    model.otherwise(timed);
    Process first = stack.startWorker("first");
    String taskId = stack.startTask(workspace, "Run the long command");

    Path runs = workspace.resolve("runs.txt");
    Await.until(() -> lines(runs) >= 1, STEP_LIMIT, "the command to start");
    Thread.sleep(2_000); // two seconds into a twenty-second command: past its first heartbeat
    long killed = killMidCommand(first);
    Process second = stack.startWorker("second");

    long answered = Await.value(
        () -> stack.items(taskId).size() >= 4 ? System.nanoTime() : null, STEP_LIMIT, "the call's answer");
    long nextStep = timed.awaitArrivals(2);
    Progress done = stack.awaitTurnEnd(taskId);

    assertThat(done.lastMessage()).isEqualTo("I will look at runs.txt before running it again.");
    assertThat(Files.readAllLines(runs)).containsExactly("started"); // at most once
    List<Item> items = stack.items(taskId);
    assertThat(items).extracting(item -> item.kind().label())
        .containsExactly("message:developer", "message:user", "function_call", "function_call_output",
            "message:assistant");
    String output = JSON.readTree(items.get(3).raw()).path("output").asText();
    assertThat(output)
        .startsWith("This call was cut off after at least ")
        .contains("its effects are unknown", "at least the output up to the last heartbeat")
        .endsWith("printed before the kill\n")
        .doesNotContain("done");
    assertThat(model.requests().get(1).input("function_call_output"))
        .singleElement().satisfies(sent -> assertThat(sent.path("output").asText()).isEqualTo(output));
    assertNothingLost(stack.items(taskId), model.requests());
    stack.endTask(taskId);
    report("the shell call, answered as cut off,", killed, second, answered, nextStep);
  }

  @Test
  void workerKilledDuringALongShellCommand_withRerunOnCrash_theCommandRunsAgain() throws Exception {
    Path pause = Files.writeString(workspace.resolve("pause"), "20");
    TimedReplies timed = TimedReplies.of(
        reply(toolCall("shell", shell("echo started >> runs.txt; sleep \"$(cat pause)\"; echo done"))),
        reply(text("The command finished.")));
    model.otherwise(timed);
    Process first = stack.startWorker("first");
    String taskId = stack.startTask(TaskInput.of(workspace.toString(), "Run the long command")
        .withPolicy(new TaskPolicy(null, null, null, true)));

    Path runs = workspace.resolve("runs.txt");
    Await.until(() -> lines(runs) >= 1, STEP_LIMIT, "the command to start");
    Thread.sleep(2_000); // two seconds into a twenty-second command
    long killed = killMidCommand(first);
    Files.writeString(pause, "0"); // the second run does not wait
    Process second = stack.startWorker("second");

    long restarted = Await.value(() -> lines(runs) >= 2 ? System.nanoTime() : null, STEP_LIMIT, "the command to run again");
    long nextStep = timed.awaitArrivals(2);
    Progress done = stack.awaitTurnEnd(taskId);

    assertThat(done.lastMessage()).isEqualTo("The command finished.");
    assertThat(Files.readAllLines(runs)).containsExactly("started", "started"); // at least once: here twice
    List<Item> items = stack.items(taskId);
    assertThat(items).extracting(item -> item.kind().label())
        .containsExactly("message:developer", "message:user", "function_call", "function_call_output",
            "message:assistant");
    assertThat(JSON.readTree(items.get(3).raw()).path("output").asText()).contains("Exit code: 0", "done");
    assertNothingLost(stack.items(taskId), model.requests());
    stack.endTask(taskId);
    report("the shell command", killed, second, restarted, nextStep);
  }

  /**
   * SIGKILLs the worker while the model's one step (a shell command) runs, and the command, which
   * a real crash would leave running, with it; returns when.
   */
  private long killMidCommand(Process worker) throws InterruptedException {
    assertThat(model.requests()).hasSize(1); // the step is still running
    List<ProcessHandle> command = worker.descendants().toList();
    assertThat(command).isNotEmpty();
    long killed = stack.kill(worker);
    stack.killOrphans(command);
    return killed;
  }

  @Test
  void workerKilledWhileACallWaitsForApproval_theNewWorkerRunsItOnceApproved() throws Exception {
    model.otherwise(TimedReplies.of(
        reply(toolCall("shell", JSON.createObjectNode().put("command", "echo ran >> runs.txt")
            .put("sandbox_permissions", "require_escalated").put("justification", "a test").toString())),
        reply(text("Ran it."))));
    Process first = stack.startWorker("first");
    String taskId = stack.startTask(TaskInput.of(workspace.toString(), "Run it")
        .withPolicy(new TaskPolicy(null, ApprovalPolicy.ON_REQUEST, null, false)));
    AgentWorkflow task = stack.client().newWorkflowStub(AgentWorkflow.class, taskId);
    Progress waiting = Await.value(() -> {
      Progress p = task.progress();
      return p.status() == TaskStatus.awaiting_approval ? p : null;
    }, STEP_LIMIT, "the approval request");

    stack.kill(first);
    stack.startWorker("second");
    // Answered through the new worker: the wait was workflow state, not the dead worker's.
    task.answerApproval(ApprovalAnswer.approve(waiting.approvals().get(0).callId(), false));
    Progress done = stack.awaitTurnEnd(taskId);

    assertThat(done.lastMessage()).isEqualTo("Ran it.");
    assertThat(Files.readAllLines(workspace.resolve("runs.txt"))).containsExactly("ran");
    assertNothingLost(stack.items(taskId), model.requests());
    stack.endTask(taskId);
  }

  @Test
  void workerKilledWhileIdle_theNextFollowUpRunsOnAnotherWorker_evenThoughTheDeadOneHeldTheTaskSticky()
      throws Exception {
    model.otherwise(TimedReplies.of(reply(text("First.")), reply(text("Second."))));
    Process first = stack.startWorker("first");
    String taskId = stack.startTask(workspace, "Say first");
    stack.awaitTurnEnd(taskId);

    // The first worker kept the task in its cache, and (on a real server) the server sends the
    // task's next workflow task to that worker's sticky queue, until it finds no one polls there.
    stack.kill(first);
    Process second = stack.startWorker("second");
    stack.pollingSince(second);
    long sent = System.nanoTime();
    stack.client().newWorkflowStub(AgentWorkflow.class, taskId).submitTurn(new TurnRequest("Say second"));
    Progress done = stack.awaitTurnEnd(taskId, 2);
    long answered = System.nanoTime();

    assertThat(done.lastMessage()).isEqualTo("Second.");
    List<RecordedRequest> requests = model.requests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(1).userMessages()).containsExactly("Say first", "Say second");
    assertThat(stack.items(taskId)).extracting(item -> item.kind().label())
        .containsExactly("message:developer", "message:user", "message:assistant", "message:user", "message:assistant");
    stack.endTask(taskId);
    System.out.printf("%s%n  the follow-up answered %.1fs after it was sent to the task the killed worker held%n",
        stack.scenario(), (answered - sent) / 1e9);
  }

  private static String shell(String command) {
    return JSON.createObjectNode().put("command", command).toString();
  }

  @Test
  void workerKilledDuringACompaction_anotherWorkerCompactsContinuesAsNewAndFinishes() throws Exception {
    Map<String, String> small = Map.of(
        "LONGHAUL_CONTEXT_WINDOW", "16000",
        "LONGHAUL_AUTO_COMPACT_TOKENS", "6000",
        "LONGHAUL_TOOL_OUTPUT_TOKENS", "1500");
    Files.writeString(workspace.resolve("big.txt"), logLines(3_000));
    model.delayCompactions(Duration.ofSeconds(30));
    AtomicInteger pages = new AtomicInteger();
    AtomicInteger afterCompaction = new AtomicInteger();
    TimedReplies timed = new TimedReplies(request -> {
      if (!request.rawBody().contains("gAAAAcompacted-")) {
        int page = pages.incrementAndGet();
        return reply(toolCall("read_file", "{\"path\":\"big.txt\",\"start_line\":" + (page * 150 - 149)
            + ",\"end_line\":" + (page * 150) + "}"));
      }
      return afterCompaction.incrementAndGet() == 1
          ? reply(toolCall("read_file", "{\"path\":\"big.txt\",\"start_line\":2901,\"end_line\":3000}"))
          : reply(text("Read big.txt, compacted once on the way."));
    });
    model.otherwise(timed);
    Process first = stack.startWorker("first", small);
    WorkflowExecution firstRun = stack.startTaskRun(workspace, "Read big.txt, a page at a time");
    String taskId = firstRun.getWorkflowId();

    Await.until(() -> model.compactionRequests().size() >= 1, STEP_LIMIT, "the first compaction request");
    int requestsBeforeKill = model.requests().size();
    Thread.sleep(1_000); // a second into a thirty-second compaction
    long killed = stack.kill(first);
    model.delayCompactions(Duration.ZERO);
    Process second = stack.startWorker("second", small);

    long restarted = Await.value(
        () -> model.compactionRequests().size() >= 2 ? System.nanoTime() : null, STEP_LIMIT, "the compaction again");
    long nextStep = timed.awaitArrivals(requestsBeforeKill + 1);
    Progress done = stack.awaitTurnEnd(taskId);

    assertThat(done.lastMessage()).isEqualTo("Read big.txt, compacted once on the way.");
    assertThat(model.compactionRequests()).hasSize(2);
    List<String> issued = model.issuedCompactions();
    assertThat(issued).hasSize(2); // the first never reached the dead worker
    List<RecordedRequest> requests = model.requests();
    assertThat(requests.subList(0, requestsBeforeKill)).noneMatch(r -> r.rawBody().contains("gAAAAcompacted-"));
    assertThat(requests.subList(requestsBeforeKill, requests.size()))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.rawBody()).contains(issued.get(1)).doesNotContain(issued.get(0)));
    assertThat(requests).allSatisfy(r -> assertThat(TokenMeter.inputTokens(r.body())).isLessThanOrEqualTo(16_000));
    assertThat(stack.store().checkpoints(taskId)).extracting(c -> c.reason()).containsExactly("compaction");
    assertThat(stack.lastEvent(firstRun)).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    assertNothingLost(stack.items(taskId), requests);
    stack.endTask(taskId);
    report("the compaction", killed, second, restarted, nextStep);
  }

  /**
   * The store's transcript: seqs 0..n-1, each once; every function call answered by exactly one
   * output and every output answering a call; no model item stored twice. And every request the
   * model received pairs each call with exactly one output.
   */
  static void assertNothingLost(List<Item> items, List<RecordedRequest> requests) throws IOException {
    assertThat(items).extracting(Item::seq)
        .as("seqs of the transcript")
        .containsExactlyElementsOf(LongStream.range(0, items.size()).boxed().toList());
    Map<String, Integer> calls = new HashMap<>();
    Map<String, Integer> outputs = new HashMap<>();
    Map<String, Integer> ids = new HashMap<>();
    for (Item item : items) {
      JsonNode json = JSON.readTree(item.raw());
      String type = json.path("type").asText();
      if (type.equals("function_call")) calls.merge(json.path("call_id").asText(), 1, Integer::sum);
      if (type.equals("function_call_output")) outputs.merge(json.path("call_id").asText(), 1, Integer::sum);
      if (json.hasNonNull("id")) ids.merge(json.path("id").asText(), 1, Integer::sum);
    }
    assertThat(calls).as("function calls").isNotEmpty().allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
    assertThat(outputs).as("outputs, by call").isEqualTo(calls);
    assertThat(ids).as("stored model items, by id").allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
    for (RecordedRequest request : requests) {
      Map<String, Integer> sentCalls = new HashMap<>();
      Map<String, Integer> sentOutputs = new HashMap<>();
      request.input("function_call").forEach(c -> sentCalls.merge(c.path("call_id").asText(), 1, Integer::sum));
      request.input("function_call_output").forEach(o -> sentOutputs.merge(o.path("call_id").asText(), 1, Integer::sum));
      assertThat(sentOutputs).as("calls and outputs sent to the model").isEqualTo(sentCalls);
      assertThat(sentCalls.values()).allMatch(n -> n == 1);
    }
  }

  void report(String step, long killed, Process second, long restarted, long nextStep) {
    long polling = stack.pollingSince(second);
    System.out.printf(
        "%s%n  recovery: %.1fs from kill to the next completed step; %s started again on the new"
            + " worker after %.1fs (its JVM was polling after %.1fs)%n",
        stack.scenario(), (nextStep - killed) / 1e9, step, (restarted - killed) / 1e9, (polling - killed) / 1e9);
  }

  static int lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  static String logLines(int count) {
    StringBuilder log = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      log.append("2026-11-22T03:").append(i % 60).append(" worker-").append(i % 7)
          .append(" processed batch ").append(i).append(" with checksum ").append(Integer.toHexString(i * 7919)).append('\n');
    }
    return log.toString();
  }
}
