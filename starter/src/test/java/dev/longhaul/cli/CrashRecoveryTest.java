package dev.longhaul.cli;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static dev.longhaul.testing.ModelScript.trickle;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.store.Database;
import dev.longhaul.store.Item;
import dev.longhaul.store.ItemStore;
import dev.longhaul.testing.FakeModelServer;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.testing.Reply;
import dev.longhaul.testing.TokenMeter;
import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.EndRequest;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskResult;
import dev.longhaul.workflow.TaskStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost when a worker dies: Temporal's test server and PostgreSQL in one JVM ({@code
 * longhaul dev --no-worker}), a worker in another ({@code longhaul worker}), the client and the
 * fake model here. Each scenario SIGKILLs the worker in the middle of a step, starts a new one,
 * and checks that the task finishes with a transcript that holds every item exactly once and no
 * function call without its output.
 *
 * <p>Recovery times are printed, not asserted: "from the kill to the next completed step", where
 * a step counts as completed when the fake model receives the request that could only be sent
 * after it (the next step's model call, or the first after the compaction; for the shell command
 * that includes the command's own twenty seconds). Also printed: when the lost step started again
 * on the new worker (the server notices the dead worker at most the heartbeat timeout, 10 s, after
 * the step's last heartbeat, then retries after a 1 s back-off) and when the new worker polled.
 *
 * <p>The workers find the dev stack through its record in their Longhaul home, as {@code longhaul
 * worker} does for a user, and so run without a sticky queue: the Java test server would
 * otherwise keep the task's next workflow task on the dead worker's sticky queue for good.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class CrashRecoveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Generous bounds for single waits, far above what the steps take: they catch hangs, not slowness. */
  private static final Duration START_LIMIT = Duration.ofSeconds(90);
  private static final Duration STEP_LIMIT = Duration.ofSeconds(60);
  /** 128 + 9: how the JDK reports a process that SIGKILL ended. */
  private static final int KILLED_BY_SIGKILL = 137;

  private static final List<Process> children = new CopyOnWriteArrayList<>();
  private static final Thread reaper = new Thread(CrashRecoveryTest::killEveryChild, "crash-test-reaper");
  private static final long classStarted = System.nanoTime();

  static Path logs;
  static Path home;
  static Process devServer;
  static DevRecord record;
  static FakeModelServer model;
  static WorkflowServiceStubs service;
  static WorkflowClient client;
  static Database database;
  static ItemStore store;

  @TempDir Path workspace;
  String scenario;
  final List<Process> workers = new ArrayList<>();
  final Map<Process, CompletableFuture<Long>> pollingSince = new HashMap<>();
  final List<ProcessHandle> orphans = new ArrayList<>();

  @BeforeAll
  static void startDevServer() throws Exception {
    // If the test JVM is stopped (Ctrl-C, a surefire timeout), no child outlives it.
    Runtime.getRuntime().addShutdownHook(reaper);
    logs = Files.createDirectories(Path.of("target", "crash-recovery").toAbsolutePath());
    home = Files.createTempDirectory("longhaul-crash-home");
    model = FakeModelServer.start();
    int port = freePort();
    devServer = launch("dev", Map.of(), "dev", "--no-worker", "--port", String.valueOf(port));
    record = awaitValue(() -> {
      if (!devServer.isAlive()) throw new AssertionError("longhaul dev exited (" + devServer.exitValue() + "): " + tail("dev"));
      return DevRecord.read(home).orElse(null);
    }, START_LIMIT, "the dev stack's record in " + home);
    service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(record.temporalAddress()).build());
    client = WorkflowClient.newInstance(
        service, WorkflowClientOptions.newBuilder().setNamespace(record.namespace()).build());
    database = Database.connect(record.databaseUrl());
    store = new ItemStore(database);
    System.out.printf("dev stack up after %.1fs: Temporal %s%n", seconds(classStarted), record.temporalAddress());
  }

  @AfterAll
  static void stopDevServer() throws Exception {
    try {
      if (database != null) database.close();
      if (service != null) service.shutdownNow();
      if (model != null) model.close();
    } finally {
      stop(devServer);
      killLeftoverPostgres();
      Runtime.getRuntime().removeShutdownHook(reaper);
      deleteRecursively(home);
      System.out.printf("crash recovery tests: %.1fs in all%n", seconds(classStarted));
    }
  }

  @BeforeEach
  void resetModel(TestInfo test) {
    scenario = test.getTestMethod().orElseThrow().getName();
    model.reset();
  }

  @AfterEach
  void killWorkers() {
    workers.forEach(p -> {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    });
    orphans.forEach(ProcessHandle::destroyForcibly);
    workers.forEach(CrashRecoveryTest::awaitExit);
  }

  @Test
  void workerKilledWhileAModelResponseStreams_anotherWorkerFinishesTheTask() throws Exception {
    Timed timed = Timed.replies(
        trickle(Duration.ofMillis(200), Duration.ofSeconds(60)), // streaming, heartbeating, never done
        reply(toolCall("shell", "{\"command\":\"echo recovered > after.txt\"}")),
        reply(text("Recovered, and wrote after.txt.")));
    model.otherwise(timed);
    Process first = startWorker("first", Map.of());
    String taskId = startTask("Write after.txt");

    timed.awaitArrivals(1);
    Thread.sleep(1_000); // a second into the stream: events are arriving and the step heartbeats
    long killed = kill(first);
    Process second = startWorker("second", Map.of());

    long restarted = timed.awaitArrivals(2); // the same step again, on the new worker
    long nextStep = timed.awaitArrivals(3); // step 2: step 1 completed and its tool ran
    Progress done = awaitTurnEnd(taskId);

    assertThat(done.lastMessage()).isEqualTo("Recovered, and wrote after.txt.");
    assertThat(workspace.resolve("after.txt")).hasContent("recovered");
    List<RecordedRequest> requests = model.requests();
    assertThat(requests).hasSize(3);
    assertThat(requests.get(1).rawBody()).isEqualTo(requests.get(0).rawBody()); // a retry, not a new step
    assertThat(kinds(taskId))
        .containsExactly("message:user", "function_call", "function_call_output", "message:assistant");
    assertNothingLost(taskId, requests);
    endTask(taskId);
    report("the model call", killed, second, restarted, nextStep);
  }

  @Test
  void workerKilledDuringALongShellCommand_theCommandRunsAgainAndTheTaskFinishes() throws Exception {
    Timed timed = Timed.replies(
        reply(toolCall("shell", "{\"command\":\"echo started >> runs.txt; sleep 20; echo done\"}")),
        reply(text("The command finished.")));
    model.otherwise(timed);
    Process first = startWorker("first", Map.of());
    String taskId = startTask("Run the long command");

    Path runs = workspace.resolve("runs.txt");
    await(() -> lines(runs) >= 1, STEP_LIMIT, "the command to start");
    Thread.sleep(2_000); // two seconds into a twenty-second command
    assertThat(model.requests()).hasSize(1); // the step is still running
    List<ProcessHandle> command = first.descendants().toList();
    assertThat(command).isNotEmpty();
    long killed = kill(first);
    orphans.addAll(command); // a real crash leaves the command running; the test does not leak it
    command.forEach(ProcessHandle::destroyForcibly);
    Process second = startWorker("second", Map.of());

    long restarted = awaitValue(() -> lines(runs) >= 2 ? System.nanoTime() : null, STEP_LIMIT, "the command to run again");
    long nextStep = timed.awaitArrivals(2);
    Progress done = awaitTurnEnd(taskId);

    assertThat(done.lastMessage()).isEqualTo("The command finished.");
    assertThat(Files.readAllLines(runs)).containsExactly("started", "started"); // at least once: here twice
    List<Item> items = store.items(taskId, 0, Long.MAX_VALUE);
    assertThat(items).extracting(Item::kind)
        .containsExactly("message:user", "function_call", "function_call_output", "message:assistant");
    assertThat(JSON.readTree(items.get(2).raw()).path("output").asText()).contains("Exit code: 0", "done");
    assertNothingLost(taskId, model.requests());
    endTask(taskId);
    report("the shell command", killed, second, restarted, nextStep);
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
    Timed timed = new Timed(request -> {
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
    Process first = startWorker("first", small);
    WorkflowExecution firstRun = startTaskRun("Read big.txt, a page at a time");
    String taskId = firstRun.getWorkflowId();

    await(() -> model.compactionRequests().size() >= 1, STEP_LIMIT, "the first compaction request");
    int requestsBeforeKill = model.requests().size();
    Thread.sleep(1_000); // a second into a thirty-second compaction
    long killed = kill(first);
    model.delayCompactions(Duration.ZERO);
    Process second = startWorker("second", small);

    long restarted = awaitValue(
        () -> model.compactionRequests().size() >= 2 ? System.nanoTime() : null, STEP_LIMIT, "the compaction again");
    long nextStep = timed.awaitArrivals(requestsBeforeKill + 1);
    Progress done = awaitTurnEnd(taskId);

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
    assertThat(store.checkpoints(taskId)).extracting(c -> c.reason()).containsExactly("compaction");
    assertThat(lastEvent(firstRun)).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    assertNothingLost(taskId, requests);
    endTask(taskId);
    report("the compaction", killed, second, restarted, nextStep);
  }

  // ---------------------------------------------------------------- the transcript

  /**
   * The store's transcript: seqs 0..n-1, each once; every function call answered by exactly one
   * output and every output answering a call; no model item stored twice. And every request the
   * model received pairs each call with exactly one output.
   */
  static void assertNothingLost(String taskId, List<RecordedRequest> requests) throws IOException {
    List<Item> items = store.items(taskId, 0, Long.MAX_VALUE);
    assertThat(items).extracting(Item::seq)
        .as("seqs of " + taskId)
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

  static List<String> kinds(String taskId) {
    return store.items(taskId, 0, Long.MAX_VALUE).stream().map(Item::kind).toList();
  }

  // ---------------------------------------------------------------- tasks

  String startTask(String prompt) {
    return startTaskRun(prompt).getWorkflowId();
  }

  WorkflowExecution startTaskRun(String prompt) {
    String id = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    AgentWorkflow workflow = client.newWorkflowStub(AgentWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(AgentWorkflow.TASK_QUEUE).build());
    return WorkflowClient.start(workflow::run, TaskInput.of(workspace.toString(), prompt));
  }

  /** Waits for turn 1 to end; a failed or stuck turn fails the test. */
  static Progress awaitTurnEnd(String taskId) {
    AgentWorkflow workflow = client.newWorkflowStub(AgentWorkflow.class, taskId);
    Progress done = awaitValue(() -> {
      Progress p = workflow.progress();
      return p.turn() >= 1 && p.status() != TaskStatus.running ? p : null;
    }, Duration.ofSeconds(90), "the end of " + taskId + "'s turn");
    assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(TaskStatus.idle);
    return done;
  }

  /** Ends the task and checks the workflow completes. */
  static void endTask(String taskId) throws TimeoutException {
    client.newWorkflowStub(AgentWorkflow.class, taskId).end(new EndRequest("the crash test is done"));
    TaskResult result = WorkflowStub.fromTyped(client.newWorkflowStub(AgentWorkflow.class, taskId))
        .getResult(30, TimeUnit.SECONDS, TaskResult.class);
    assertThat(result.status()).isEqualTo(TaskStatus.ended);
  }

  static EventType lastEvent(WorkflowExecution run) {
    List<HistoryEvent> events = client.fetchHistory(run.getWorkflowId(), run.getRunId()).getEvents();
    return events.get(events.size() - 1).getEventType();
  }

  // ---------------------------------------------------------------- processes

  /**
   * {@code longhaul worker}, which finds Temporal and the store through the dev stack's record.
   * The first worker of a scenario is awaited; the time every worker starts polling is recorded.
   */
  Process startWorker(String name, Map<String, String> env) {
    String log = scenario + "-" + name + "-worker";
    Process worker = launch(log, env, "worker");
    workers.add(worker);
    CompletableFuture<Long> polling = new CompletableFuture<>();
    pollingSince.put(worker, polling);
    Thread watcher = new Thread(() -> {
      try {
        polling.complete(awaitValue(() -> {
          if (!worker.isAlive()) throw new AssertionError(log + " exited (" + worker.exitValue() + "): " + tail(log));
          return tail(log).contains("worker polling task queue") ? System.nanoTime() : null;
        }, START_LIMIT, log + " to poll"));
      } catch (Throwable e) {
        polling.completeExceptionally(e);
      }
    }, log + "-watcher");
    watcher.setDaemon(true);
    watcher.start();
    if (name.equals("first")) pollingSince(worker);
    return worker;
  }

  /** When the worker said it polls. */
  long pollingSince(Process worker) {
    try {
      return pollingSince.get(worker).get(START_LIMIT.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no word from the worker", e);
    }
  }

  /** SIGKILLs the process; returns when it is gone. */
  static long kill(Process process) throws InterruptedException {
    process.destroyForcibly();
    long killed = System.nanoTime();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the killed worker is gone").isTrue();
    assertThat(process.exitValue()).as("the worker's exit status: killed by SIGKILL").isEqualTo(KILLED_BY_SIGKILL);
    return killed;
  }

  /**
   * Starts {@code java -cp <this test's classpath> dev.longhaul.cli.Longhaul args}, with its own
   * Longhaul home, the fake model and nothing of this JVM's Temporal, OpenAI or Longhaul variables;
   * its output goes to {@code target/crash-recovery/<name>.log}.
   */
  static Process launch(String name, Map<String, String> env, String... args) {
    ProcessBuilder builder = new ProcessBuilder(CliHarness.javaCommand(args))
        .redirectErrorStream(true)
        .redirectOutput(log(name).toFile());
    Map<String, String> childEnv = new HashMap<>(Map.of(
        "LONGHAUL_HOME", home.toString(),
        "OPENAI_BASE_URL", model.baseUrl(),
        "OPENAI_API_KEY", "sk-crash-test",
        "LONGHAUL_MODEL", "test-model"));
    childEnv.putAll(env);
    CliHarness.childEnvironment(builder, childEnv);
    try {
      Process process = builder.start();
      children.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path log(String name) {
    return logs.resolve(name + ".log");
  }

  static String tail(String name) {
    try {
      String text = Files.readString(log(name), StandardCharsets.UTF_8);
      return text.length() <= 4_000 ? text : text.substring(text.length() - 4_000);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** SIGTERM (the dev stack's shutdown hook stops PostgreSQL), SIGKILL if that takes too long. */
  static void stop(Process process) {
    if (process == null) return;
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    awaitExit(process);
  }

  static void awaitExit(Process process) {
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** PostgreSQL runs detached from the dev JVM: if the JVM could not stop it, the test does. */
  static void killLeftoverPostgres() {
    Path pidFile = home.resolve("postgres").resolve("postmaster.pid");
    try {
      if (!Files.exists(pidFile)) return;
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
      ProcessHandle.of(pid).ifPresent(postgres -> {
        postgres.destroy(); // SIGTERM: PostgreSQL's smart shutdown
        try {
          postgres.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          postgres.destroyForcibly();
        }
      });
    } catch (IOException | RuntimeException e) {
      System.err.println("could not check for a leftover PostgreSQL: " + e);
    }
  }

  static void killEveryChild() {
    for (Process p : children) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    if (home != null) killLeftoverPostgres();
  }

  // ---------------------------------------------------------------- timing

  /** The model's replies, and when each request arrived (nanoTime), in order of arrival. */
  static final class Timed implements Function<RecordedRequest, Reply> {
    private final Function<RecordedRequest, Reply> replies;
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();

    Timed(Function<RecordedRequest, Reply> replies) {
      this.replies = replies;
    }

    static Timed replies(Reply... script) {
      AtomicInteger next = new AtomicInteger();
      return new Timed(request -> {
        int n = next.getAndIncrement();
        return n < script.length ? script[n] : null; // null: the fake answers 400, "nothing scripted"
      });
    }

    @Override
    public Reply apply(RecordedRequest request) {
      arrivals.add(System.nanoTime());
      return replies.apply(request);
    }

    /** Waits for the {@code count}th request and returns when it arrived. */
    long awaitArrivals(int count) {
      awaitValue(() -> arrivals.size() >= count ? true : null, STEP_LIMIT, count + " model requests");
      return arrivals.get(count - 1);
    }
  }

  void report(String step, long killed, Process second, long restarted, long nextStep) {
    long polling = pollingSince(second);
    System.out.printf(
        "%s%n  recovery: %.1fs from kill to the next completed step; %s started again on the new"
            + " worker after %.1fs (its JVM was polling after %.1fs)%n",
        scenario, (nextStep - killed) / 1e9, step, (restarted - killed) / 1e9, (polling - killed) / 1e9);
  }

  static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  // ---------------------------------------------------------------- helpers

  static void await(BooleanSupplier condition, Duration limit, String what) {
    awaitValue(() -> condition.getAsBoolean() ? true : null, limit, what);
  }

  static <T> T awaitValue(java.util.function.Supplier<T> probe, Duration limit, String what) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) return value;
      if (System.nanoTime() > deadline) throw new AssertionError("gave up waiting for " + what + " after " + limit);
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
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

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
