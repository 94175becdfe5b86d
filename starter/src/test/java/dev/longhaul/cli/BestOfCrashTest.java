package dev.longhaul.cli;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static dev.longhaul.testing.ModelScript.trickle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.testing.FakeModelServer;
import dev.longhaul.testing.GitRepo;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.Attempts;
import dev.longhaul.workflow.BestOf;
import dev.longhaul.workflow.PickRequest;
import dev.longhaul.workflow.TaskInput;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A best-of-N task survives its worker's SIGKILL: while its attempts run, while the model reviews
 * them, and while it waits for a person's pick. Each scenario kills the only worker in the middle,
 * starts another, and checks the task ends with the right attempt applied, once.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class BestOfCrashTest {
  private static final String CHECK = "grep -qx 42 answer.txt";

  @RegisterExtension static final ProcessStack stack = new ProcessStack();
  @TempDir Path temp;
  final FakeModelServer model = stack.model();
  private GitRepo repo;
  private String taskId;

  @BeforeEach
  void aRepositoryWhoseAnswerIsWrong() {
    repo = GitRepo.init(temp.resolve("ws"));
    repo.write("answer.txt", "0\n").commit("first");
    taskId = "best-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private void attemptWrites(int n, String value) {
    model.scriptFor(BestOf.attemptId(taskId, n),
        reply(toolCall("shell", "{\"command\":\"echo " + value + " > answer.txt\"}")),
        reply(text("I wrote " + value + ".")));
  }

  private void start(BestOf bestOf) {
    AgentWorkflow workflow = stack.client().newWorkflowStub(AgentWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(taskId).setTaskQueue(AgentWorkflow.TASK_QUEUE).build());
    WorkflowClient.start(workflow::run, TaskInput.of(repo.dir.toString(), "Fix the answer").withBestOf(bestOf));
  }

  private AgentWorkflow task() {
    return stack.client().newWorkflowStub(AgentWorkflow.class, taskId);
  }

  private List<RecordedRequest> requestsOf(String cacheKey) {
    return model.requests().stream().filter(r -> r.body().path("prompt_cache_key").asText().equals(cacheKey)).toList();
  }

  private List<RecordedRequest> reviews() {
    return model.requests().stream().filter(r -> r.body().path("tools").toString().contains("pick_attempt")).toList();
  }

  @Test
  void workerKilledWhileTheAttemptsRun_anotherWorkerFinishesThem_andTheReviewPicksTheOneThatPasses() throws Exception {
    String first = BestOf.attemptId(taskId, 1);
    model.scriptFor(first, trickle(Duration.ofMillis(200), Duration.ofSeconds(60))); // streaming when killed
    attemptWrites(1, "42");
    attemptWrites(2, "7");
    model.scriptFor(taskId, reply(toolCall("pick_attempt", "{\"attempt\":1,\"reasons\":\"It passes the check.\"}")));
    Process worker = stack.startWorker("first");
    start(BestOf.of(2, CHECK, false, null));

    Await.until(() -> requestsOf(first).size() >= 1, ProcessStack.STEP_LIMIT, "attempt 1's first step");
    Thread.sleep(1_000);
    stack.kill(worker);
    stack.startWorker("second");
    stack.awaitTurnEnd(taskId);

    Attempts attempts = task().attempts();
    assertThat(attempts.picked()).isEqualTo(1);
    assertThat(attempts.attempts()).extracting(a -> a.outcome()).containsExactly(Attempts.FINISHED, Attempts.FINISHED);
    assertThat(attempts.attempts()).extracting(a -> a.inspection().checkPassed()).containsExactly(true, false);
    assertThat(repo.dir.resolve("answer.txt")).hasContent("42");
    assertThat(requestsOf(first)).hasSize(3); // the cut-off step, its retry, and the step after
    assertThat(reviews()).hasSize(1);
    assertThat(stack.items(first)).extracting(item -> item.kind().label())
        .containsExactly("message:developer", "message:user", "function_call", "function_call_output", "message:assistant");
    stack.endTask(taskId);
  }

  @Test
  void workerKilledWhileTheModelReviews_theReviewResumes_andThePickIsAppliedOnce() throws Exception {
    attemptWrites(1, "7");
    attemptWrites(2, "42");
    model.scriptFor(taskId,
        trickle(Duration.ofMillis(200), Duration.ofSeconds(60)),
        reply(toolCall("pick_attempt", "{\"attempt\":2,\"reasons\":\"It passes the check.\"}")));
    Process worker = stack.startWorker("first");
    start(BestOf.of(2, CHECK, false, null));

    Await.until(() -> reviews().size() >= 1, ProcessStack.STEP_LIMIT, "the review");
    Thread.sleep(1_000);
    stack.kill(worker);
    stack.startWorker("second");
    stack.awaitTurnEnd(taskId);

    assertThat(task().attempts().picked()).isEqualTo(2);
    assertThat(reviews()).hasSize(2);
    assertThat(reviews().get(1).rawBody()).isEqualTo(reviews().get(0).rawBody()); // the same review again
    assertThat(repo.dir.resolve("answer.txt")).hasContent("42");
    assertThat(repo.git("status", "--porcelain")).isEqualTo(" M answer.txt\n");
    stack.endTask(taskId);
  }

  @Test
  void workerKilledWhileAPersonsPickIsAwaited_thePickIsTakenByTheNextWorker() throws Exception {
    attemptWrites(1, "42");
    attemptWrites(2, "7");
    Process worker = stack.startWorker("first");
    start(BestOf.of(2, null, true, null));
    Await.until(() -> {
      Attempts a = task().attempts();
      return a != null && a.phase() == Attempts.Phase.awaiting_pick;
    }, ProcessStack.STEP_LIMIT, "the wait for a pick");

    stack.kill(worker);
    stack.startWorker("second");
    task().pick(new PickRequest(1, "the right answer"));
    stack.awaitTurnEnd(taskId);

    assertThat(task().attempts().reasons()).isEqualTo("the right answer");
    assertThat(repo.dir.resolve("answer.txt")).hasContent("42");
    stack.endTask(taskId);
  }
}
