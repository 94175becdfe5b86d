package dev.longhaul.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.model.ModelConfig;
import dev.longhaul.store.Item;
import dev.longhaul.store.ItemStore;
import dev.longhaul.testing.FakeModelServer;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.testing.TestDatabase;
import dev.longhaul.worker.LonghaulWorker.WorkerSettings;
import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The real workflow and the real activities on Temporal's in-memory test server, a real
 * PostgreSQL, and the fake model server over HTTP: everything but the model is the product.
 */
final class AgentHarness implements AutoCloseable {
  final FakeModelServer model = FakeModelServer.start();
  final ItemStore store = TestDatabase.store();
  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final WorkflowClient client = env.getWorkflowClient();

  AgentHarness() {
    this(Duration.ofSeconds(5));
  }

  AgentHarness(Duration streamIdleTimeout) {
    ModelConfig config =
        new ModelConfig(model.baseUrl(), "sk-test-secret", "test-model", streamIdleTimeout);
    LonghaulWorker.register(env.getWorkerFactory(), store, new WorkerSettings(config, 2_000, false));
    env.start();
  }

  /** Starts a task and returns its id. */
  String start(Path workspace, String prompt) {
    String taskId = "task-" + UUID.randomUUID();
    WorkflowClient.start(workflow(taskId)::run, TaskInput.of(workspace.toString(), prompt));
    return taskId;
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
    return awaitProgress(taskId, p -> p.turn() >= turn && p.status() != TaskStatus.running, "turn " + turn + " to end");
  }

  Progress awaitProgress(String taskId, java.util.function.Predicate<Progress> done, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Progress last = null;
    while (System.nanoTime() < deadline) {
      last = progress(taskId);
      if (done.test(last)) return last;
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting for " + what + "; last progress: " + last);
  }

  List<Item> transcript(String taskId) {
    return store.items(taskId, 0, Long.MAX_VALUE);
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

  @Override
  public void close() {
    env.close();
    model.close();
  }
}
