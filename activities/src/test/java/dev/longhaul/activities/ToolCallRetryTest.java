package dev.longhaul.activities;

import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.contract.ToolActivities;
import dev.longhaul.contract.ToolRequest;
import dev.longhaul.contract.ToolResult;
import dev.longhaul.prompt.TokenCounter;
import dev.longhaul.store.Item;
import dev.longhaul.store.ItemKind;
import dev.longhaul.store.Store;
import dev.longhaul.store.ToolAttempt;
import dev.longhaul.testing.TestDatabase;
import dev.longhaul.tools.ToolProgress;
import dev.longhaul.tools.ToolRegistry;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tool call whose attempt was lost, retried on another worker: the real tool activity on
 * Temporal's activity test environment (a new environment for each worker), a real PostgreSQL, and
 * commands that count their runs in a file. The lost attempt really runs: it is stopped without
 * storing an output, as a dead worker's attempt is, by a cancellation once its heartbeat has
 * carried what it printed; the retry gets those heartbeat details, as Temporal hands them over.
 */
class ToolCallRetryTest {
  private static final ActivityOptions ONE_ATTEMPT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          // Heartbeats throttled to under a second, so the cancellation reaches the call soon.
          .setHeartbeatTimeout(Duration.ofSeconds(1))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build();

  private final Store store = TestDatabase.store();
  private final String taskId = "task-" + UUID.randomUUID();
  private final List<TestActivityEnvironment> workers = new ArrayList<>();

  @TempDir Path workspace;

  @AfterEach
  void close() {
    workers.forEach(TestActivityEnvironment::close);
  }

  @Test
  void aMutatingCallCutOffWithItsWorker_isAnsweredAsCutOffWithItsOutput_andRunsOnce() throws Exception {
    ToolRequest request = shellCall("echo ran >> runs.txt; echo printed before the loss; sleep 30", null, false);

    ToolProgress lastBeat = loseAttempt(request, "printed before the loss");
    ToolResult retry = retry(request, lastBeat);

    assertThat(retry.failed()).isTrue();
    assertThat(storedOutput()).isEqualTo(EarlierAttempts.cutOffNotice(java.util.Optional.of(lastBeat)));
    assertThat(storedOutput())
        .startsWith("This call was cut off after at least ")
        .contains("its effects are unknown")
        .endsWith("printed before the loss\n");
    assertThat(retry.preview()).startsWith("This call was cut off");
    assertThat(Files.readAllLines(workspace.resolve("runs.txt"))).containsExactly("ran");
    assertThat(attempts()).extracting(ToolAttempt::executed, ToolAttempt::leftUnfinished, ToolAttempt::failed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(true, true, null), // the lost attempt
            org.assertj.core.groups.Tuple.tuple(false, false, true)); // the retry, which only answered
  }

  @Test
  void withRerunOnCrash_aCutOffCallRunsAgain() throws Exception {
    ToolRequest request = shellCall("echo ran >> runs.txt; echo printed; sleep \"$(cat pause)\"", null, true);
    Files.writeString(workspace.resolve("pause"), "30");

    ToolProgress lastBeat = loseAttempt(request, "printed");
    Files.writeString(workspace.resolve("pause"), "0"); // the second run does not wait
    ToolResult retry = retry(request, lastBeat);

    assertThat(retry.failed()).isFalse();
    assertThat(storedOutput()).startsWith("Exit code: 0\n").endsWith("printed\n");
    assertThat(Files.readAllLines(workspace.resolve("runs.txt"))).containsExactly("ran", "ran");
  }

  @Test
  void aShellCallInAReadOnlySandbox_retriesTransparently() throws Exception {
    Files.writeString(workspace.resolve("notes.txt"), "the notes\n");
    Files.writeString(workspace.resolve("pause"), "30");
    ToolRequest request = shellCall("cat notes.txt; sleep \"$(cat pause)\"", SandboxPolicy.of(SandboxMode.READ_ONLY), false);

    ToolProgress lastBeat = loseAttempt(request, "the notes");
    Files.writeString(workspace.resolve("pause"), "0");
    ToolResult retry = retry(request, lastBeat);

    assertThat(retry.failed()).isFalse();
    assertThat(storedOutput()).startsWith("Exit code: 0\n").endsWith("the notes\n");
    assertThat(attempts()).isEmpty(); // a call that may run again needs no record
  }

  @Test
  void aCallWhoseOutputWasStored_isAnsweredWithItAgain_withoutRunning() throws Exception {
    ToolRequest request = shellCall("echo ran >> runs.txt; echo done; exit 3", null, false);

    ToolResult first = worker().newActivityStub(ToolActivities.class, ONE_ATTEMPT).runTool(request);
    // The result never reached the workflow (the worker died just after storing the output).
    ToolResult retry = retry(request, null);

    assertThat(retry).isEqualTo(first);
    assertThat(retry.failed()).isTrue();
    assertThat(Files.readAllLines(workspace.resolve("runs.txt"))).containsExactly("ran");
    assertThat(attempts()).singleElement().satisfies(attempt -> {
      assertThat(attempt.executed()).isTrue();
      assertThat(attempt.finished()).isNotNull();
      assertThat(attempt.failed()).isTrue();
      assertThat(attempt.worker()).isEqualTo(ManagementFactory.getRuntimeMXBean().getName());
    });
  }

  @Test
  void callsThatOnlyRead_orCanWriteNothingAndReachNoNetwork_retryFreely() {
    ToolRegistry tools = ToolRegistry.standard();
    var shell = tools.find("shell").orElseThrow();
    var readFile = tools.find("read_file").orElseThrow();
    SandboxPolicy readOnly = SandboxPolicy.of(SandboxMode.READ_ONLY);

    SandboxPolicy writable = SandboxPolicy.of(SandboxMode.WORKSPACE_WRITE);
    assertThat(ToolActivitiesImpl.retriesFreely(readFile, writable, false)).isTrue();
    assertThat(ToolActivitiesImpl.retriesFreely(shell, readOnly, false)).isTrue();
    assertThat(ToolActivitiesImpl.retriesFreely(shell, writable, false)).isFalse();
    assertThat(ToolActivitiesImpl.retriesFreely(shell, SandboxPolicy.of(SandboxMode.DANGER_FULL_ACCESS), false)).isFalse();
    assertThat(ToolActivitiesImpl.retriesFreely(shell, readOnly, true)).isFalse();
    assertThat(ToolActivitiesImpl.retriesFreely(shell, new SandboxPolicy(SandboxMode.READ_ONLY, true, List.of()), false)).isFalse();
  }

  private ToolRequest request(SandboxPolicy sandbox, boolean escalated) {
    return new ToolRequest(taskId, 1, workspace.toString(), 1, 2, sandbox, escalated, false);
  }

  /** Stores a shell call at seq 1 and asks for its output at seq 2. */
  private ToolRequest shellCall(String command, SandboxPolicy sandbox, boolean rerunOnCrash) {
    String arguments = Items.JSON.createObjectNode().put("command", command).toString();
    store.items().upsert(taskId, new Item(1, 1, ItemKind.FUNCTION_CALL, toolCall("shell", arguments), 10));
    return new ToolRequest(taskId, 1, workspace.toString(), 1, 2, sandbox, false, rerunOnCrash);
  }

  /** A new worker: the tool activity on an activity environment of its own. */
  private TestActivityEnvironment worker() {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new ToolActivitiesImpl(
        store, ToolRegistry.standard(), new TokenCounter(), 2_000, new Redactor(List.of()),
        Confinement.defaults()));
    workers.add(env);
    return env;
  }

  /**
   * Runs the call on a worker until a heartbeat has carried {@code printed}, then loses the
   * attempt. Returns what its last heartbeat carried.
   */
  private ToolProgress loseAttempt(ToolRequest request, String printed) throws InterruptedException {
    TestActivityEnvironment worker = worker();
    AtomicReference<ToolProgress> lastBeat = new AtomicReference<>();
    worker.setActivityHeartbeatListener(ToolProgress.class, lastBeat::set);
    ToolActivities tools = worker.newActivityStub(ToolActivities.class, ONE_ATTEMPT);
    CompletableFuture<ToolResult> attempt = CompletableFuture.supplyAsync(() -> tools.runTool(request));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (lastBeat.get() == null || !lastBeat.get().output().contains(printed)) {
      assertThat(System.nanoTime()).as("a heartbeat carrying \"%s\"", printed).isLessThan(deadline);
      assertThat(attempt).as("the attempt still running").isNotDone();
      Thread.sleep(50);
    }
    worker.requestCancelActivity();
    assertThat(catchThrowable(attempt::join)).as("the lost attempt's end").isNotNull();
    assertThat(store.items().item(taskId, 2)).as("an output of the lost attempt").isEmpty();
    return lastBeat.get();
  }

  /** The call again on a new worker, handed the lost attempt's last heartbeat, if any. */
  private ToolResult retry(ToolRequest request, ToolProgress lastBeat) {
    TestActivityEnvironment worker = worker();
    if (lastBeat != null) worker.setHeartbeatDetails(lastBeat);
    return worker.newActivityStub(ToolActivities.class, ONE_ATTEMPT).runTool(request);
  }

  private String storedOutput() {
    Item item = store.items().item(taskId, 2).orElseThrow();
    return Items.parse(item.raw()).path("output").asText();
  }

  private List<ToolAttempt> attempts() {
    String callId = Items.parse(store.items().item(taskId, 1).orElseThrow().raw()).path("call_id").asText();
    return store.toolAttempts().attempts(taskId, 2, callId);
  }
}
