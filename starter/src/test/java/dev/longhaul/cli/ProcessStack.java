package dev.longhaul.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.store.Database;
import dev.longhaul.store.Item;
import dev.longhaul.store.StoreReader;
import dev.longhaul.testing.FakeModelServer;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Longhaul as separate processes, for tests that kill them. A JUnit extension ({@code
 * @RegisterExtension static}): before the class, {@code longhaul dev --no-worker} in its own JVM
 * (a Temporal server and PostgreSQL) with its own Longhaul home, the fake model, and a client and
 * store connection here; each test starts {@code longhaul worker} JVMs as it needs, and whatever it
 * started is killed after it. Every child's output goes to {@code
 * target/process-stack/<test class>/<name>.log}.
 *
 * <p>The Temporal server is the Java test server ({@code --java-test-server}), unless the system
 * property {@value #SERVER_PROPERTY} is {@code cli}: then it is the Temporal CLI's dev server, and
 * the starter's build runs the crash tests a second time that way (see its pom). The workers find
 * the dev stack through its record in the Longhaul home, as {@code longhaul worker} does for a
 * user, and so use a sticky queue on the CLI's dev server (a killed worker's task moves to the
 * shared queue once the sticky queue's schedule-to-start timeout passes) and none on the Java test
 * server, which would keep a task's next workflow task on a dead worker's sticky queue for good.
 */
final class ProcessStack
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  /** Generous bounds for single waits, far above what the steps take: they catch hangs, not slowness. */
  static final Duration START_LIMIT = Duration.ofSeconds(90);
  static final Duration STEP_LIMIT = Duration.ofSeconds(60);
  /** 128 + 9: how the JDK reports a process that SIGKILL ended. */
  static final int KILLED_BY_SIGKILL = 137;
  static final String SERVER_PROPERTY = "longhaul.temporal";

  private final List<Process> children = new CopyOnWriteArrayList<>();
  private final Thread reaper = new Thread(this::killEveryChild, "process-stack-reaper");
  private long started;
  private String testClass;
  private Path logs;
  private Path home;
  private Process devServer;
  private FakeModelServer model;
  private WorkflowServiceStubs service;
  private WorkflowClient client;
  private Database database;
  private StoreReader store;

  private String scenario;
  private final List<Process> workers = new ArrayList<>();
  private final Map<Process, CompletableFuture<Long>> pollingSince = new HashMap<>();
  private final List<ProcessHandle> orphans = new ArrayList<>();

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    started = System.nanoTime();
    testClass = context.getRequiredTestClass().getSimpleName();
    // If the test JVM is stopped (Ctrl-C, a surefire timeout), no child outlives it.
    Runtime.getRuntime().addShutdownHook(reaper);
    logs = Files.createDirectories(Path.of("target", "process-stack", testClass).toAbsolutePath());
    home = Files.createTempDirectory("longhaul-process-home");
    model = FakeModelServer.start();
    devServer = onCliDevServer()
        ? launch("dev", Map.of("LONGHAUL_TEMPORAL_CLI", RequiresTemporalCli.Binary.required()),
            "dev", "--no-worker", "--port", String.valueOf(freePort()), "--ui-port", String.valueOf(freePort()))
        : launch("dev", Map.of(), "dev", "--java-test-server", "--no-worker", "--port", String.valueOf(freePort()));
    DevRecord record = Await.value(() -> {
      if (!devServer.isAlive()) throw new AssertionError("longhaul dev exited (" + devServer.exitValue() + "): " + tail("dev"));
      return DevRecord.read(home).orElse(null);
    }, START_LIMIT, "the dev stack's record in " + home);
    service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(record.temporalAddress()).build());
    client = WorkflowClient.newInstance(
        service, WorkflowClientOptions.newBuilder().setNamespace(record.namespace()).build());
    database = Database.connect(record.databaseUrl());
    store = new StoreReader(database);
    System.out.printf("dev stack up after %.1fs: Temporal (%s) %s%n",
        secondsSince(started), record.server(), record.temporalAddress());
  }

  /** Whether this run's stack is on the Temporal CLI's dev server. */
  static boolean onCliDevServer() {
    return "cli".equals(System.getProperty(SERVER_PROPERTY));
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try {
      if (database != null) database.close();
      if (service != null) service.shutdownNow();
      if (model != null) model.close();
    } finally {
      stop(devServer);
      killLeftoverPostgres();
      Runtime.getRuntime().removeShutdownHook(reaper);
      deleteRecursively(home);
      System.out.printf("%s: %.1fs in all%n", testClass, secondsSince(started));
    }
  }

  /** Each test starts with a fresh model script. */
  @Override
  public void beforeEach(ExtensionContext context) {
    scenario = context.getRequiredTestMethod().getName();
    model.reset();
  }

  /** Kills the test's workers, their commands and any orphan it handed over. */
  @Override
  public void afterEach(ExtensionContext context) {
    workers.forEach(p -> {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    });
    orphans.forEach(ProcessHandle::destroyForcibly);
    workers.forEach(ProcessStack::awaitExit);
    workers.clear();
    pollingSince.clear();
    orphans.clear();
  }

  FakeModelServer model() {
    return model;
  }

  WorkflowClient client() {
    return client;
  }

  StoreReader store() {
    return store;
  }

  /** The dev stack's database itself, for a benchmark that stores to it directly. */
  Database database() {
    return database;
  }

  /** The running test method's name. */
  String scenario() {
    return scenario;
  }

  // ---------------------------------------------------------------- workers

  Process startWorker(String name) {
    return startWorker(name, Map.of());
  }

  /**
   * {@code longhaul worker} with these extra environment variables; it finds Temporal and the store
   * through the dev stack's record. The test's first worker ({@code name} "first") is awaited; for
   * every worker the time it starts polling is recorded ({@link #pollingSince}).
   */
  Process startWorker(String name, Map<String, String> env) {
    return startWorker(name, env, new String[0]);
  }

  /** As {@link #startWorker(String, Map)}, with these options for {@code longhaul worker}. */
  Process startWorker(String name, Map<String, String> env, String... options) {
    String log = scenario + "-" + name + "-worker";
    List<String> args = new ArrayList<>(List.of("worker"));
    args.addAll(List.of(options));
    Process worker = launch(log, env, args.toArray(String[]::new));
    workers.add(worker);
    CompletableFuture<Long> polling = new CompletableFuture<>();
    pollingSince.put(worker, polling);
    Thread watcher = new Thread(() -> {
      try {
        polling.complete(Await.value(() -> {
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

  /** When the worker said it polls (nanoTime); waits for it to say so. */
  long pollingSince(Process worker) {
    try {
      return pollingSince.get(worker).get(START_LIMIT.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no word from the worker", e);
    }
  }

  /** SIGKILLs the worker and checks it died of it; returns when (nanoTime) it was killed. */
  long kill(Process worker) throws InterruptedException {
    worker.destroyForcibly();
    long killed = System.nanoTime();
    assertThat(worker.waitFor(10, TimeUnit.SECONDS)).as("the killed worker is gone").isTrue();
    assertThat(worker.exitValue()).as("the worker's exit status: killed by SIGKILL").isEqualTo(KILLED_BY_SIGKILL);
    return killed;
  }

  /**
   * Kills processes a killed worker left behind (a real crash leaves a worker's commands running),
   * now and again after the test, so that the test leaks none of them.
   */
  void killOrphans(List<ProcessHandle> processes) {
    orphans.addAll(processes);
    processes.forEach(ProcessHandle::destroyForcibly);
  }

  // ---------------------------------------------------------------- tasks

  String startTask(Path workspace, String prompt) {
    return startTaskRun(workspace, prompt).getWorkflowId();
  }

  /** Starts a task; returns its first run. */
  WorkflowExecution startTaskRun(Path workspace, String prompt) {
    return startTaskRun(TaskInput.of(workspace.toString(), prompt));
  }

  /** Starts a task as {@code input} says; returns its id. */
  String startTask(TaskInput input) {
    return startTaskRun(input).getWorkflowId();
  }

  WorkflowExecution startTaskRun(TaskInput input) {
    String id = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    AgentWorkflow workflow = client.newWorkflowStub(AgentWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(AgentWorkflow.TASK_QUEUE).build());
    return WorkflowClient.start(workflow::run, input);
  }

  /** Waits for turn 1 to end; a failed or stuck turn fails the test. */
  Progress awaitTurnEnd(String taskId) {
    return awaitTurnEnd(taskId, 1);
  }

  /** Waits for turn {@code turn} to end; a failed or stuck turn fails the test. */
  Progress awaitTurnEnd(String taskId, int turn) {
    AgentWorkflow workflow = client.newWorkflowStub(AgentWorkflow.class, taskId);
    Progress done = Await.value(() -> {
      Progress p = workflow.progress();
      return p.turn() >= turn && !p.status().inTurn() ? p : null;
    }, Duration.ofSeconds(90), "the end of " + taskId + "'s turn " + turn);
    assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(TaskStatus.idle);
    return done;
  }

  /** Ends the task and checks the workflow completes. */
  void endTask(String taskId) throws TimeoutException {
    client.newWorkflowStub(AgentWorkflow.class, taskId).end(new EndRequest("the test is done"));
    TaskResult result = WorkflowStub.fromTyped(client.newWorkflowStub(AgentWorkflow.class, taskId))
        .getResult(30, TimeUnit.SECONDS, TaskResult.class);
    assertThat(result.status()).isEqualTo(TaskStatus.ended);
  }

  EventType lastEvent(WorkflowExecution run) {
    List<HistoryEvent> events = client.fetchHistory(run.getWorkflowId(), run.getRunId()).getEvents();
    return events.get(events.size() - 1).getEventType();
  }

  /** The task's whole transcript, from the store. */
  List<Item> items(String taskId) {
    return store.transcript(taskId);
  }

  // ---------------------------------------------------------------- processes

  /**
   * Starts {@code java -cp <this test's classpath> dev.longhaul.cli.Longhaul args}, with the stack's
   * Longhaul home, the fake model and nothing of this JVM's Temporal, OpenAI or Longhaul variables;
   * its output goes to {@code <name>.log}.
   */
  private Process launch(String name, Map<String, String> env, String... args) {
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

  private Path log(String name) {
    return logs.resolve(name + ".log");
  }

  /** The end of a child's log, for failure messages. */
  private String tail(String name) {
    try {
      String text = Files.readString(log(name), StandardCharsets.UTF_8);
      return text.length() <= 4_000 ? text : text.substring(text.length() - 4_000);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** SIGTERM (the dev stack's shutdown hook stops PostgreSQL), SIGKILL if that takes too long. */
  private static void stop(Process process) {
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

  private static void awaitExit(Process process) {
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** PostgreSQL runs detached from the dev JVM: if the JVM could not stop it, the test does. */
  private void killLeftoverPostgres() {
    if (home == null) return;
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

  private void killEveryChild() {
    for (Process p : children) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    killLeftoverPostgres();
  }

  static double secondsSince(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1e9;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
