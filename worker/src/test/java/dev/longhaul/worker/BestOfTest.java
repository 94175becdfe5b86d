package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.trickle;
import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.longhaul.testing.GitRepo;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.workflow.Attempts;
import dev.longhaul.workflow.BestOf;
import dev.longhaul.workflow.Budget;
import dev.longhaul.workflow.TaskPolicy;
import dev.longhaul.workflow.InterruptRequest;
import dev.longhaul.workflow.PickAnswered;
import dev.longhaul.workflow.PickRequest;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskResult;
import dev.longhaul.workflow.TaskStatus;
import dev.longhaul.workflow.TurnRequest;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Best of N on the real workflow and activities: attempts as child workflows in their own
 * worktrees, each scripted by its task id (the requests' prompt_cache_key), so that they make
 * different patches and only one passes the check.
 */
class BestOfTest {
  private static final Path ROOT = temporaryDirectory();
  private static final String CHECK = "grep -qx 42 answer.txt";

  @RegisterExtension
  static final AgentHarness harness = AgentHarness.builder().settings(s -> s.withWorkspaceRoot(ROOT)).build();

  @TempDir Path temp;
  private GitRepo workspace;
  private String taskId;

  @BeforeEach
  void aRepositoryWhoseAnswerIsWrong() {
    workspace = GitRepo.init(temp.resolve("ws"));
    workspace.write("answer.txt", "0\n").write("README", "the answer\n").commit("first");
    taskId = "best-" + UUID.randomUUID();
  }

  /** Attempt n writes {@code value} to answer.txt and says so. */
  private void attemptWrites(int n, String value) {
    harness.model.scriptFor(BestOf.attemptId(taskId, n),
        reply(toolCall("shell", "{\"command\":\"echo " + value + " > answer.txt\"}")),
        reply(text("I wrote " + value + ".")));
  }

  private void startWith(BestOf bestOf) {
    harness.start(taskId, TaskInput.of(workspace.dir.toString(), "Fix the answer").withBestOf(bestOf));
  }

  @Test
  void theModelReviewer_picksTheAttemptThatPassesTheCheck_andTheWorkspaceEndsWithExactlyItsDiff() throws Exception {
    attemptWrites(1, "41");
    attemptWrites(2, "42");
    attemptWrites(3, "43");
    harness.model.scriptFor(taskId,
        reply(toolCall("pick_attempt", "{\"attempt\":9,\"reasons\":\"out of range\"}")),
        reply(toolCall("pick_attempt", "{\"attempt\":2,\"reasons\":\"Only attempt 2 passes the check.\"}")),
        reply(text("Noted.")));

    startWith(BestOf.of(3, CHECK, false, null));
    harness.awaitTurnEnd(taskId, 1);

    Attempts attempts = harness.existing(taskId).attempts();
    assertThat(attempts.phase()).isEqualTo(Attempts.Phase.picked);
    assertThat(attempts.picked()).isEqualTo(2);
    assertThat(attempts.reviewer()).isEqualTo("model");
    assertThat(attempts.reasons()).isEqualTo("Only attempt 2 passes the check.");
    assertThat(attempts.attempts()).extracting(a -> a.outcome()).containsOnly(Attempts.FINISHED);
    assertThat(attempts.attempts()).extracting(a -> a.inspection().checkPassed()).containsExactly(false, true, false);
    assertThat(workspace.dir.resolve("answer.txt")).hasContent("42");
    Path winner = Path.of(attempts.attempts().get(1).workspace());
    assertThat(workspace.git("diff", "HEAD")).isEqualTo(gitIn(winner, "diff", attempts.attempts().get(1).base()));
    assertThat(workspace.git("status", "--porcelain")).isEqualTo(" M answer.txt\n");

    // The review saw each attempt's final message, diff and check, and the malformed pick was retried.
    List<RecordedRequest> reviews = reviewRequests();
    assertThat(reviews).hasSize(2);
    String asked = reviews.get(1).userMessages().get(0);
    assertThat(asked).contains("Fix the answer", "I wrote 41.", "I wrote 42.", "+42", "FAILED (exit 1)", "passed (exit 0)");

    // The task goes on from the winner's context, told what happened.
    harness.existing(taskId).submitTurn(new TurnRequest("Thanks, anything else?", null));
    harness.awaitTurnEnd(taskId, 2);
    RecordedRequest next = last(taskId);
    assertThat(next.rawBody()).contains("I wrote 42.").doesNotContain("I wrote 41.");
    assertThat(next.rawBody()).contains("picked attempt 2").contains("Only attempt 2 passes the check.");
    assertThat(next.userMessages()).containsExactly("Fix the answer", "Thanks, anything else?");
    next.input("function_call").forEach(call -> assertThat(call.path("name").asText()).isEqualTo("shell"));
    AgentHarness.assertEveryCallAnsweredOnce(next);
  }

  @Test
  void aPersonsPick_isWaitedFor_andAPickThatCannotApplyIsRefusedWithOneLine() throws Exception {
    attemptWrites(1, "42");
    attemptWrites(2, "7");
    harness.model.scriptFor(taskId, reply(text("Continuing.")));

    harness.start(taskId, TaskInput.of(workspace.dir.toString(), "Fix the answer")
        .withPolicy(new TaskPolicy(null, null, new Budget(1.0, 10_000L, Duration.ofHours(1)), false))
        .withBestOf(BestOf.of(2, null, true, null)));
    harness.awaitProgress(taskId, p -> phase() == Attempts.Phase.awaiting_pick, "the review to wait for a pick");
    // Each attempt has its share of the task's cost and token limits; the time limit is each one's.
    assertThat(harness.progress(BestOf.attemptId(taskId, 2)).budget()).isEqualTo(new Budget(0.5, 5_000L, Duration.ofHours(1)));

    assertThat(refusal(new PickRequest(5, null))).isEqualTo("task " + taskId + " has no attempt 5 (its attempts are 1 to 2)");
    PickAnswered answered = harness.existing(taskId).pick(new PickRequest(1, "it is the answer"));
    assertThat(answered).isEqualTo(new PickAnswered(1, BestOf.attemptId(taskId, 1)));
    harness.awaitTurnEnd(taskId, 1);

    Attempts attempts = harness.existing(taskId).attempts();
    assertThat(attempts.picked()).isEqualTo(1);
    assertThat(attempts.reviewer()).isEqualTo("person");
    assertThat(attempts.reasons()).isEqualTo("it is the answer");
    assertThat(workspace.dir.resolve("answer.txt")).hasContent("42");
    assertThat(refusal(new PickRequest(2, null))).startsWith("task " + taskId + " is not waiting for a pick");
    assertThat(reviewRequests()).isEmpty();
  }

  @Test
  void anAttemptThatHangs_doesNotHoldTheReviewPastItsTimeout() throws Exception {
    attemptWrites(1, "42");
    harness.model.scriptFor(BestOf.attemptId(taskId, 2), trickle(Duration.ofSeconds(1), Duration.ofSeconds(60)));
    harness.model.scriptFor(taskId, reply(toolCall("pick_attempt", "{\"attempt\":1,\"reasons\":\"The other one timed out.\"}")));

    startWith(BestOf.of(2, null, false, Duration.ofSeconds(4)));
    harness.awaitTurnEnd(taskId, 1);

    Attempts attempts = harness.existing(taskId).attempts();
    assertThat(attempts.attempts()).extracting(a -> a.outcome()).containsExactly(Attempts.FINISHED, Attempts.TIMED_OUT);
    assertThat(attempts.picked()).isEqualTo(1);
    assertThat(workspace.dir.resolve("answer.txt")).hasContent("42");
    // The attempt that timed out was stopped, not left running.
    TaskResult stopped = WorkflowStub.fromTyped(harness.existing(BestOf.attemptId(taskId, 2)))
        .getResult(30, TimeUnit.SECONDS, TaskResult.class);
    assertThat(stopped.turns()).isEqualTo(1);
  }

  @Test
  void anInterrupt_stopsEveryAttempt_andNothingIsPicked() throws Exception {
    harness.model.scriptFor(BestOf.attemptId(taskId, 1), trickle(Duration.ofSeconds(1), Duration.ofSeconds(60)));
    harness.model.scriptFor(BestOf.attemptId(taskId, 2), trickle(Duration.ofSeconds(1), Duration.ofSeconds(60)));

    startWith(BestOf.of(2, null, false, null));
    harness.model.awaitRequests(2, Duration.ofSeconds(30));
    harness.existing(taskId).interrupt(new InterruptRequest("wrong direction"));
    harness.awaitTurnEnd(taskId, 1);

    Attempts attempts = harness.existing(taskId).attempts();
    assertThat(attempts.phase()).isEqualTo(Attempts.Phase.interrupted);
    assertThat(attempts.attempts()).extracting(a -> a.outcome()).containsOnly(Attempts.INTERRUPTED);
    for (int n = 1; n <= 2; n++) {
      assertThat(harness.store.task(BestOf.attemptId(taskId, n)).orElseThrow().status()).isEqualTo("ended");
    }
    assertThat(workspace.dir.resolve("answer.txt")).hasContent("0\n");
    assertThat(harness.progress(taskId).status()).isEqualTo(TaskStatus.idle);
  }

  @Test
  void attemptsOutOfRange_failTheTaskWithOneLine() {
    startWith(BestOf.of(9, null, false, null));
    Throwable failure = catchThrowable(() ->
        WorkflowStub.fromTyped(harness.existing(taskId)).getResult(30, TimeUnit.SECONDS, TaskResult.class));
    assertThat(failure).isInstanceOf(WorkflowFailedException.class);
    assertThat(failure.getCause().getMessage()).contains("--attempts must be between 2 and 8, not 9");
  }

  private Attempts.Phase phase() {
    Attempts attempts = harness.existing(taskId).attempts();
    return attempts == null ? null : attempts.phase();
  }

  private String refusal(PickRequest pick) {
    Throwable refused = catchThrowable(() -> harness.existing(taskId).pick(pick));
    assertThat(refused).isInstanceOf(WorkflowUpdateException.class);
    Throwable cause = refused;
    while (cause.getCause() != null) cause = cause.getCause();
    return cause instanceof ApplicationFailure failure ? failure.getOriginalMessage() : cause.getMessage();
  }

  private List<RecordedRequest> reviewRequests() {
    return harness.model.requests().stream()
        .filter(r -> r.body().path("tools").toString().contains("pick_attempt")).toList();
  }

  private RecordedRequest last(String cacheKey) {
    List<RecordedRequest> mine = harness.model.requests().stream()
        .filter(r -> r.body().path("prompt_cache_key").asText().equals(cacheKey)).toList();
    return mine.get(mine.size() - 1);
  }

  private static String gitIn(Path dir, String... args) {
    try {
      List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
      command.addAll(List.of(args));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      return out;
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("longhaul-best-of");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
