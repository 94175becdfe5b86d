package dev.longhaul.cli;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static dev.longhaul.testing.ModelScript.trickle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.cli.CliHarness.Result;
import dev.longhaul.store.Database;
import dev.longhaul.store.Item;
import dev.longhaul.store.StoreReader;
import dev.longhaul.testing.FakeModelServer;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart of the dev stack on the Temporal CLI's dev server loses nothing: the whole stack (the
 * {@code longhaul dev} JVM with its worker, the Temporal server it started, and its PostgreSQL) is
 * SIGKILLed while a model response streams, then {@code longhaul dev} starts again on the same
 * Longhaul home. The workflow is still there (in {@code temporal.db}), Temporal retries the lost
 * step on the new worker, and the turn completes with every item stored exactly once.
 */
@RequiresTemporalCli
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DevRestartTest {
  @TempDir Path home;
  @TempDir Path workspace;
  private final FakeModelServer model = FakeModelServer.start();
  private final Path logs = Path.of("target", "process-stack", "DevRestartTest").toAbsolutePath();

  @AfterEach
  void stop() {
    DevProcesses.killAll(home);
    model.close();
  }

  @Test
  void theWholeDevStackKilledMidTurn_andStartedAgain_theTurnCompletesWithNothingLostOrDuplicated() throws Exception {
    TimedReplies timed = TimedReplies.of(
        trickle(Duration.ofMillis(200), Duration.ofSeconds(60)), // streaming, heartbeating, never done
        reply(toolCall("shell", "{\"command\":\"echo restarted >> after.txt\"}")),
        reply(text("Finished after the restart.")));
    model.otherwise(timed);
    int port = DevProcesses.freeDevPort();
    Map<String, String> env = env();
    DevRecord first = startDev("dev-1", port);
    Result run = CliHarness.longhaul(env, home, "run", "--detach", "--task-id", "restart", "--workspace",
        workspace.toString(), "Write after.txt");
    assertThat(run.out()).as(run.err()).isEqualTo("restart\n");
    String runId = describe(first).getExecution().getRunId();

    timed.awaitArrivals(1);
    Thread.sleep(1_000); // a second into the stream: the step heartbeats
    List<ProcessHandle> killed = DevProcesses.killAll(home);
    assertThat(killed).extracting(p -> p.pid())
        .contains(first.pid(), first.serverPid()) // the JVM, its Temporal server
        .hasSize(3); // and PostgreSQL
    long killedAt = System.nanoTime();

    DevRecord second = startDev("dev-2", port);
    long restarted = timed.awaitArrivals(2); // the lost step again, on the new worker
    Progress done = awaitTurnEnd(second);
    System.out.printf("dev stack restart: the lost model call started again %.1fs after the kill%n",
        (restarted - killedAt) / 1e9);

    assertThat(done.lastMessage()).isEqualTo("Finished after the restart.");
    assertThat(describe(second).getExecution().getRunId()).as("the same workflow run").isEqualTo(runId);
    assertThat(Files.readAllLines(workspace.resolve("after.txt"))).containsExactly("restarted");
    List<RecordedRequest> requests = model.requests();
    assertThat(requests).hasSize(3);
    assertThat(requests.get(1).rawBody()).isEqualTo(requests.get(0).rawBody()); // a retry, not a new step
    try (Database database = Database.connect(second.databaseUrl())) {
      List<Item> items = new StoreReader(database).transcript("restart");
      assertThat(items).extracting(item -> item.kind().label())
          .containsExactly("message:developer", "message:user", "function_call", "function_call_output",
              "message:assistant");
      CrashRecoveryTest.assertNothingLost(items, requests);
    }
    Result status = CliHarness.longhaul(env, home, "status", "restart");
    assertThat(status.out()).as(status.err()).contains("idle");
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("LONGHAUL_HOME", home.toString());
    env.put("LONGHAUL_TEMPORAL_CLI", RequiresTemporalCli.Binary.path());
    env.put("OPENAI_BASE_URL", model.baseUrl());
    env.put("OPENAI_API_KEY", "sk-restart-test");
    env.put("LONGHAUL_MODEL", "test-model");
    return env;
  }

  /** {@code longhaul dev} in its own JVM, as a user runs it; returns its record once it is up. */
  private DevRecord startDev(String name, int port) throws IOException {
    Files.createDirectories(logs);
    Path log = logs.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(CliHarness.javaCommand("dev", "--port", String.valueOf(port)))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    CliHarness.childEnvironment(builder, env());
    Process dev = builder.start();
    return Await.value(() -> {
      if (!dev.isAlive()) throw new AssertionError(name + " exited: " + read(log));
      return DevRecord.read(home).filter(r -> r.pid() == dev.pid()).orElse(null);
    }, ProcessStack.START_LIMIT, name + "'s record");
  }

  private Progress awaitTurnEnd(DevRecord dev) {
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(dev.temporalAddress()).build());
    try {
      AgentWorkflow task = WorkflowClient.newInstance(service,
          WorkflowClientOptions.newBuilder().setNamespace(dev.namespace()).build())
          .newWorkflowStub(AgentWorkflow.class, "restart");
      Progress done = Await.value(() -> {
        Progress p = task.progress();
        return p.turn() >= 1 && !p.status().inTurn() ? p : null;
      }, Duration.ofSeconds(90), "the end of the turn");
      assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(TaskStatus.idle);
      return done;
    } finally {
      service.shutdownNow();
    }
  }

  private static WorkflowExecutionDescription describe(DevRecord dev) {
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(dev.temporalAddress()).build());
    try {
      return WorkflowClient.newInstance(service).newUntypedWorkflowStub("restart").describe();
    } finally {
      service.shutdownNow();
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
