package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static dev.longhaul.testing.ModelScript.trickle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.longhaul.activities.Confinement;
import dev.longhaul.contract.ApprovalPolicy;
import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.testing.GitRepo;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.tools.sandbox.Sandbox;
import dev.longhaul.workflow.Attempts;
import dev.longhaul.workflow.BestOf;
import dev.longhaul.workflow.EndRequest;
import dev.longhaul.workflow.PickRequest;
import dev.longhaul.workflow.Budget;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskPolicy;
import dev.longhaul.workflow.TurnRequest;
import dev.longhaul.workflow.TaskStatus;
import dev.longhaul.workflow.ApprovalAnswer;
import dev.longhaul.workflow.TaskInput;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Best of N against hostile attempts: each attempt's model is scripted to attack, through the real
 * workflow, activities and sandbox (bubblewrap, workspace-write, network off). The workspaces lie
 * under the module's {@code target/}, not in {@code /tmp} or the home directory, which the sandbox
 * masks: so an attempt sees the task's repository (read-only) as it would on a real host.
 */
class BestOfAttackTest {
  private static final String KEY = "sk-test-secret";
  private static final Path ROOT = Path.of("target", "best-of-attacks", UUID.randomUUID().toString(), "root").toAbsolutePath();

  @RegisterExtension
  static final AgentHarness harness = AgentHarness.builder()
      .settings(s -> s.withWorkspaceRoot(ROOT).withConfinement(confinement())).build();

  /** Outside every attempt's reach: the sandbox masks /tmp. */
  @TempDir Path secrets;
  private GitRepo workspace;
  private String base;
  private String taskId;

  private static Confinement confinement() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("OPENAI_API_KEY", KEY);
    return new Confinement(new Sandbox("bwrap", env, Path.of(System.getProperty("user.home")), null),
        SandboxPolicy.of(SandboxMode.WORKSPACE_WRITE), ApprovalPolicy.NEVER);
  }

  /** The huge-diff attack leaves some 150 MB behind (the file, and its object in the task's repository). */
  @AfterAll
  static void removeTheWorkspaces() throws Exception {
    try (var paths = Files.walk(ROOT.getParent())) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  @BeforeEach
  void aRepositoryWhoseAnswerIsWrong() throws Exception {
    taskId = "attack-" + UUID.randomUUID();
    workspace = GitRepo.init(ROOT.getParent().resolve(taskId));
    workspace.write("answer.txt", "0\n").commit("first");
    base = workspace.git("rev-parse", "HEAD").strip();
    Files.writeString(secrets.resolve("id_rsa"), "TOPSECRET\n");
  }

  @Test
  void anAttemptThatPointsItsGitAtAnotherWorkTree_bringsNoFileFromOutsideItsSandbox_intoTheReviewOrTheWorkspace() throws Exception {
    // A repository of its own whose work tree is the secrets' directory, and the worktree's .git file pointing at it.
    // The answer first: where the sandbox hides the repository's common directory (a checkout under
    // /tmp, which it masks), the attack cannot even be set up, and the attempt is an honest one.
    attemptRuns(1, "echo 42 > answer.txt; common=$(cd \"$(git rev-parse --git-common-dir)\" && pwd) && git init -q --bare .evil"
        + " && echo \"$common/objects\" > .evil/objects/info/alternates && git rev-parse HEAD > .evil/HEAD"
        + " && git --git-dir=.evil config core.bare false && git --git-dir=.evil config core.worktree " + secrets
        + " && echo \"gitdir: $PWD/.evil\" > .git && echo planted");
    attemptRuns(2, "echo 7 > answer.txt");
    harness.model.scriptFor(taskId, reply(toolCall("pick_attempt", "{\"attempt\":1,\"reasons\":\"It looks complete.\"}")),
        reply(text("Noted.")));

    start(BestOf.of(2, null, false, null));
    harness.awaitTurnEnd(taskId, 1);

    assertThat(reviewRequests()).isNotEmpty().allSatisfy(r -> assertThat(r.rawBody()).doesNotContain("TOPSECRET"));
    assertThat(workspace.dir.resolve("id_rsa")).doesNotExist();
    assertThat(workspace.dir.resolve("answer.txt")).hasContent("42");
  }

  @Test
  void anAttemptWhoseDiffIsHuge_isReviewedWithoutIt_andAPickOfItAppliesNothing_withOneLine() throws Exception {
    attemptRuns(1, "head -c 70000000 /dev/urandom > big.bin && echo 42 > answer.txt");
    attemptRuns(2, "echo 7 > answer.txt");
    harness.model.scriptFor(taskId, reply(toolCall("pick_attempt", "{\"attempt\":1,\"reasons\":\"-\"}")));

    start(BestOf.of(2, null, false, null));
    Progress ended = harness.awaitTurnEnd(taskId, 1);

    assertThat(ended.error()).startsWith("cannot apply the picked attempt: its changes are a diff of 8")
        .contains("MB, over the 64 MB");
    assertThat(harness.existing(taskId).attempts().attempts().get(0).inspection().diff().summary())
        .endsWith("MB, too large to review or apply");
    assertThat(reviewRequests().get(0).rawBody()).contains("(not shown: its changes are a diff of ");
    assertThat(workspace.dir.resolve("big.bin")).doesNotExist();
    assertThat(workspace.dir.resolve("answer.txt")).hasContent("0");
    assertThat(ROOT.resolve(BestOf.attemptId(taskId, 1)).resolve("big.bin")).hasSize(70_000_000);
  }

  @Test
  void anAttemptsSymbolicLinkOutOfItsWorkspace_writesNothingThroughIt_andLandsAsALinkOnly() throws Exception {
    Path outside = Files.createDirectories(ROOT.getParent().resolve("outside-" + taskId));
    attemptRuns(1, "ln -s " + outside + " out; (echo evil > out/planted) 2>/dev/null && echo WROTE; echo 42 > answer.txt");
    attemptTwoWrites7_andTheReviewerPicksAttemptOne();

    start(BestOf.of(2, null, false, null));
    harness.awaitTurnEnd(taskId, 1);

    assertThat(outputOf(BestOf.attemptId(taskId, 1))).doesNotContain("WROTE");
    assertThat(outside).isEmptyDirectory();
    assertThat(workspace.dir.resolve("out")).isSymbolicLink();
    assertThat(workspace.dir.resolve("answer.txt")).hasContent("42");
  }

  @Test
  void anAttempt_cannotWriteAnotherAttemptsWorkspace_theTasksWorkspace_orTheSharedRepository() throws Exception {
    Path sibling = ROOT.resolve(BestOf.attemptId(taskId, 2));
    Path common = workspace.dir.resolve(".git");
    attemptRuns(1, "for f in " + sibling + "/planted " + workspace.dir + "/planted " + common + "/hooks/post-checkout; do"
        + " (echo evil > $f) 2>/dev/null && echo WROTE $f; done;"
        + " git update-ref refs/heads/main HEAD~0 2>/dev/null && echo MOVED;"
        + " git update-ref refs/heads/hijack HEAD 2>/dev/null && echo HIJACKED;"
        + " git config core.hooksPath . 2>/dev/null && echo CONFIGURED; echo 42 > answer.txt");
    attemptTwoWrites7_andTheReviewerPicksAttemptOne();

    start(BestOf.of(2, null, false, null));
    harness.awaitTurnEnd(taskId, 1);

    String output = outputOf(BestOf.attemptId(taskId, 1));
    assertThat(output).doesNotContain("WROTE", "MOVED", "HIJACKED", "CONFIGURED");
    assertThat(sibling.resolve("planted")).doesNotExist();
    assertThat(workspace.dir.resolve("planted")).doesNotExist();
    assertThat(common.resolve("hooks/post-checkout")).doesNotExist();
    assertThat(workspace.git("for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"))
        .isEqualTo("refs/heads/main " + base + "\n");
    assertThat(workspace.git("config", "--list", "--local")).doesNotContain("hookspath");
  }

  @Test
  void theCheck_runsConfinedToItsAttempt_soWhatAnAttemptPlantsForItReachesNoSecretNetworkOrOtherWorkspace() throws Exception {
    Path sibling = ROOT.resolve(BestOf.attemptId(taskId, 2));
    String port = harness.model.baseUrl().replaceAll(".*:(\\d+).*", "$1");
    String planted = "env | grep -c KEY; cat " + secrets + "/id_rsa 2>/dev/null;"
        + " (echo evil > " + sibling + "/from-check) 2>/dev/null && echo WROTE-SIBLING;"
        + " (echo evil > " + workspace.dir + "/from-check) 2>/dev/null && echo WROTE-TASK;"
        + " (exec 3<>/dev/tcp/127.0.0.1/" + port + ") 2>/dev/null && echo NET-ON || echo NET-OFF; exit 0";
    attemptRuns(1, "printf '%s\\n' '" + planted.replace("'", "'\\''") + "' > check.sh && echo 42 > answer.txt");
    attemptTwoWrites7_andTheReviewerPicksAttemptOne();

    start(BestOf.of(2, "test ! -f check.sh || bash check.sh", false, null));
    harness.awaitTurnEnd(taskId, 1);

    String tail = harness.existing(taskId).attempts().attempts().get(0).inspection().checkTail();
    assertThat(tail).startsWith("0\n").contains("NET-OFF").doesNotContain(KEY, "TOPSECRET", "WROTE", "NET-ON");
    assertThat(sibling.resolve("from-check")).doesNotExist();
    assertThat(workspace.dir.resolve("from-check")).doesNotExist();
  }

  @Test
  void twoPicksAtOnce_oneIsTaken_theOtherRefused_andTheWorkspaceHoldsTheOneTaken() throws Exception {
    attemptRuns(1, "echo 42 > answer.txt");
    attemptRuns(2, "echo 7 > answer.txt");
    harness.model.scriptFor(taskId, reply(text("Continuing.")));
    start(BestOf.of(2, null, true, null));
    harness.awaitProgress(taskId, p -> phase() == Attempts.Phase.awaiting_pick, "the review to wait for a pick");

    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Object>> picks = new ArrayList<>();
    for (int n = 1; n <= 2; n++) {
      int attempt = n;
      picks.add(CompletableFuture.supplyAsync(() -> {
        try {
          go.await();
          return harness.existing(taskId).pick(new PickRequest(attempt, null));
        } catch (Exception e) {
          return e;
        }
      }));
    }
    go.countDown();
    List<Object> answers = picks.stream().map(CompletableFuture::join).toList();
    harness.awaitTurnEnd(taskId, 1);

    List<Object> refused = answers.stream().filter(a -> a instanceof WorkflowUpdateException).toList();
    assertThat(refused).hasSize(1);
    int taken = answers.get(0) instanceof WorkflowUpdateException ? 2 : 1;
    // Refused as picked already when both reach one workflow task, else because the review moved on.
    assertThat(message((Throwable) refused.get(0))).startsWith("task " + taskId + " is not waiting for a pick: ");
    assertThat(harness.existing(taskId).attempts().picked()).isEqualTo(taken);
    assertThat(workspace.dir.resolve("answer.txt")).hasContent(taken == 1 ? "42" : "7");
  }

  @Test
  void aPickOfAnAttemptThatTimedOut_isRefusedWithOneLine() throws Exception {
    attemptRuns(1, "echo 42 > answer.txt");
    harness.model.scriptFor(BestOf.attemptId(taskId, 2), trickle(Duration.ofSeconds(1), Duration.ofSeconds(60)));
    start(BestOf.of(2, null, true, Duration.ofSeconds(3)));
    harness.awaitProgress(taskId, p -> phase() == Attempts.Phase.awaiting_pick, "the review to wait for a pick");

    Throwable refused = catchThrowable(() -> harness.existing(taskId).pick(new PickRequest(2, null)));
    assertThat(message(refused)).isEqualTo("attempt 2 cannot be picked: it timed out");
  }

  @Test
  void endWhileAttemptsRun_endsTheTaskOnceItsTurnIsDone_theReviewAndPickIncluded_andNoAttemptIsLeftRunning() throws Exception {
    attemptRuns(1, "sleep 2; echo 42 > answer.txt");
    harness.model.scriptFor(BestOf.attemptId(taskId, 2), trickle(Duration.ofSeconds(1), Duration.ofSeconds(60)));
    harness.model.scriptFor(taskId, reply(toolCall("pick_attempt", "{\"attempt\":1,\"reasons\":\"-\"}")));
    start(BestOf.of(2, null, false, Duration.ofSeconds(5)));
    harness.model.awaitRequests(2, Duration.ofSeconds(30));
    harness.existing(taskId).end(new EndRequest("changed my mind"));

    awaitStatus(taskId, "ended");
    for (int n = 1; n <= 2; n++) awaitStatus(BestOf.attemptId(taskId, n), "ended");
    assertThat(harness.existing(taskId).attempts().picked()).isEqualTo(1);
    assertThat(workspace.dir.resolve("answer.txt")).hasContent("42");
  }

  private void awaitStatus(String id, String status) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!harness.store.task(id).map(row -> row.status().equals(status)).orElse(false) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(harness.store.task(id).orElseThrow().status()).as(id).isEqualTo(status);
  }

  @Test
  void theAttemptsAndTheReview_countAgainstTheTasksBudget_soAFollowUpWithinWhatTheySpentIsStoppedAtOnce() throws Exception {
    attemptRuns(1, "echo 42 > answer.txt");
    attemptTwoWrites7_andTheReviewerPicksAttemptOne();
    start(BestOf.of(2, null, false, null), new TaskPolicy(null, null, new Budget(null, 1_000_000L, null), false));
    harness.awaitTurnEnd(taskId, 1);

    long attempts = billed(BestOf.attemptId(taskId, 1)) + billed(BestOf.attemptId(taskId, 2));
    assertThat(attempts).isPositive();
    assertThat(billed(taskId)).isGreaterThan(attempts); // the attempts, and the review on top
    harness.existing(taskId).submitTurn(new TurnRequest("And now?", null, new Budget(null, attempts, null), null));
    Progress stopped = harness.awaitTurnEnd(taskId, 2);
    assertThat(stopped.error()).startsWith("budget reached: the task has used " + billed(taskId) + " of its " + attempts + " tokens");
  }

  @Test
  void anAttemptThatFails_stillCountsWhatItSpent_againstTheTasksBudget() throws Exception {
    attemptRuns(1, "echo 42 > answer.txt");
    // Attempt 2 spends a sample, then the provider refuses its next request: the attempt fails
    // and returns no result, so its spend can only come from the usage ledger.
    harness.model.scriptFor(BestOf.attemptId(taskId, 2),
        reply(toolCall("shell", "{\"command\":\"echo 7 > answer.txt\"}")),
        dev.longhaul.testing.ModelScript.status(400, "this request is refused"));
    harness.model.scriptFor(taskId, reply(toolCall("pick_attempt", "{\"attempt\":1,\"reasons\":\"-\"}")), reply(text("Noted.")));
    start(BestOf.of(2, null, false, null));
    harness.awaitTurnEnd(taskId, 1);

    String failed = BestOf.attemptId(taskId, 2);
    assertThat(harness.existing(taskId).attempts().attempts().get(1).outcome()).startsWith("failed");
    assertThat(ledger(failed)).isPositive();
    assertThat(billed(taskId)).isEqualTo(ledger(taskId) + ledger(BestOf.attemptId(taskId, 1)) + ledger(failed));
  }

  /** Input and output tokens of every model call the usage ledger holds for {@code id}. */
  private static long ledger(String id) {
    return dev.longhaul.testing.TestDatabase.store().usage().usage(id).stream()
        .mapToLong(row -> row.input() + row.output()).sum();
  }

  private long billed(String id) {
    Progress progress = harness.progress(id);
    return progress.tokens().input() + progress.tokens().output();
  }

  @Test
  void anApprovalAnAttemptWaitsFor_isAnsweredOnTheAttemptsOwnId_likeAnOrdinaryTasks() throws Exception {
    attemptRuns(1, "echo 42 > answer.txt");
    attemptTwoWrites7_andTheReviewerPicksAttemptOne();
    start(BestOf.of(2, null, false, null), new TaskPolicy(null, ApprovalPolicy.UNTRUSTED, null, false));

    for (int n = 1; n <= 2; n++) {
      String attempt = BestOf.attemptId(taskId, n);
      awaitStatus(attempt, "awaiting-approval");
      Progress waiting = harness.progress(attempt);
      harness.existing(attempt).answerApproval(ApprovalAnswer.approve(waiting.approvals().get(0).callId(), false));
    }
    harness.awaitTurnEnd(taskId, 1);

    assertThat(harness.existing(taskId).attempts().picked()).isEqualTo(1);
    assertThat(workspace.dir.resolve("answer.txt")).hasContent("42");
  }

  /** Attempt n runs {@code command} in its shell, then says it is done. */
  private void attemptRuns(int n, String command) {
    String arguments = JsonNodeFactory.instance.objectNode().put("command", command).toString();
    harness.model.scriptFor(BestOf.attemptId(taskId, n), reply(toolCall("shell", arguments)), reply(text("Done.")));
  }

  /** The attempt besides the hostile one, and a reviewer that picks the hostile one. */
  private void attemptTwoWrites7_andTheReviewerPicksAttemptOne() {
    attemptRuns(2, "echo 7 > answer.txt");
    harness.model.scriptFor(taskId, reply(toolCall("pick_attempt", "{\"attempt\":1,\"reasons\":\"-\"}")), reply(text("Noted.")));
  }

  private void start(BestOf bestOf) {
    start(bestOf, TaskPolicy.defaults());
  }

  private void start(BestOf bestOf, TaskPolicy policy) {
    harness.start(taskId, TaskInput.of(workspace.dir.toString(), "Fix the answer").withPolicy(policy).withBestOf(bestOf));
  }

  private Attempts.Phase phase() {
    Attempts attempts = harness.existing(taskId).attempts();
    return attempts == null ? null : attempts.phase();
  }

  private String outputOf(String attemptId) {
    List<RecordedRequest> mine = harness.model.requests().stream()
        .filter(r -> r.body().path("prompt_cache_key").asText().equals(attemptId)).toList();
    return AgentWorkflowTest.outputOfLastCall(mine.get(mine.size() - 1));
  }

  private List<RecordedRequest> reviewRequests() {
    return harness.model.requests().stream()
        .filter(r -> r.body().path("tools").toString().contains("pick_attempt")).toList();
  }

  private static String message(Throwable refused) {
    assertThat(refused).isInstanceOf(WorkflowUpdateException.class);
    Throwable cause = refused;
    while (cause.getCause() != null) cause = cause.getCause();
    return cause instanceof ApplicationFailure failure ? failure.getOriginalMessage() : cause.getMessage();
  }
}
