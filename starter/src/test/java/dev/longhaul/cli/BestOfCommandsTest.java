package dev.longhaul.cli;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static dev.longhaul.testing.ModelScript.trickle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.cli.CliHarness.Result;
import dev.longhaul.testing.GitRepo;
import dev.longhaul.workflow.BestOf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --attempts}, {@code attempts}, {@code pick} and {@code diff --attempt} end to end on the dev stack. */
class BestOfCommandsTest {
  @RegisterExtension static final CliHarness harness = new CliHarness();
  @TempDir Path temp;

  @Test
  void badBestOfOptions_areRefusedWithOneLine_beforeATaskStarts() {
    Path workspace = GitRepo.init(temp.resolve("ws")).dir;
    for (var refused : List.of(
        List.of(List.of("--attempts", "9"), "longhaul: --attempts must be between 2 and 8, not 9\n"),
        List.of(List.of("--attempts", "1"), "longhaul: --attempts must be between 2 and 8, not 1\n"),
        List.of(List.of("--check", "make test"), "longhaul: --check, --review and --attempt-timeout go with --attempts\n"),
        List.of(List.of("--attempts", "2", "--review", "robot"), "longhaul: --review must be model or human, not \"robot\"\n"),
        List.of(List.of("--attempts", "2", "--attempt-timeout", "soon"),
            "longhaul: --attempt-timeout must be a duration such as 90m, 2h or PT2H, not \"soon\"\n"))) {
      @SuppressWarnings("unchecked") List<String> options = (List<String>) refused.get(0);
      String id = LonghaulCommandTest.newId();
      List<String> args = new java.util.ArrayList<>(List.of("run", "--detach", "--task-id", id, "--workspace", workspace.toString()));
      args.addAll(options);
      args.add("Fix it");

      Result result = harness.longhaul(args.toArray(String[]::new));

      assertThat(result.exitCode()).as(options.toString()).isEqualTo(1);
      assertThat(result.err()).as(options.toString()).isEqualTo(refused.get(1));
      assertThat(harness.longhaul("status", id).err()).isEqualTo("longhaul: unknown task id: " + id + "\n");
    }
  }

  @Test
  void aHumanReview_isAnsweredWithPick_andAttemptsAndDiffShowEachAttempt() throws Exception {
    GitRepo repo = GitRepo.init(temp.resolve("ws"));
    repo.write("answer.txt", "0\n").commit("first");
    String id = LonghaulCommandTest.newId();
    for (int n = 1; n <= 2; n++) {
      harness.model.scriptFor(BestOf.attemptId(id, n),
          reply(toolCall("shell", "{\"command\":\"echo " + (40 + n) + " > answer.txt\"}")),
          reply(text("I wrote " + (40 + n) + ".")));
    }

    Result run = harness.longhaul("run", "--detach", "--task-id", id, "--workspace", repo.dir.toString(),
        "--attempts", "2", "--review", "human", "--check", "grep -qx 42 answer.txt", "Fix the answer");
    assertThat(run.exitCode()).as(run.err()).isZero();
    Await.until(() -> harness.longhaul("attempts", id).out().contains("awaiting pick"), Duration.ofSeconds(60), "the review");

    Result attempts = harness.longhaul("attempts", id);
    assertThat(attempts.out()).contains("attempts: awaiting pick", "longhaul pick " + id + " N")
        .contains("1. " + id + ".1 · finished · ended · step 2").contains("check failed (exit 1) · 1 file, +1 -1")
        .contains("2. " + id + ".2 · finished · ended · step 2").contains("check passed · 1 file, +1 -1");
    assertThat(harness.longhaul("diff", id, "--attempt", "2").out()).contains("-0", "+42");
    assertThat(harness.longhaul("diff", id, "--attempt", "3").err()).isEqualTo("longhaul: task " + id + " has no attempt 3\n");
    Result early = harness.longhaul("attempts", id, "--remove");
    assertThat(early.exitCode()).isEqualTo(1);
    assertThat(early.err())
        .isEqualTo("longhaul: task " + id + "'s attempts are in review (awaiting pick); remove them once it is over\n");

    Result missing = harness.longhaul("pick", id, "3");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("longhaul: task " + id + ": task " + id + " has no attempt 3 (its attempts are 1 to 2)\n");

    Result pick = harness.longhaul("pick", id, "2", "--reason", "it passes the check");
    assertThat(pick.exitCode()).as(pick.err()).isZero();
    assertThat(pick.err()).isEqualTo("picked attempt 2 (" + id + ".2) of " + id + "\n");
    Await.until(() -> harness.longhaul("status", id).out().contains(": idle"), Duration.ofSeconds(60), "the pick applied");

    assertThat(repo.dir.resolve("answer.txt")).hasContent("42");
    Result status = harness.longhaul("status", id);
    assertThat(status.out()).contains("attempts: picked · picked 2 by the person", "why: it passes the check");
    com.fasterxml.jackson.databind.JsonNode json =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(harness.longhaul("status", "--json", id).out());
    assertThat(json.path("bestOf").path("phase").asText()).isEqualTo("picked");
    assertThat(json.path("bestOf").path("picked").asInt()).isEqualTo(2);
    assertThat(json.path("bestOf").path("attempts")).hasSize(2);
    assertThat(json.path("bestOf").path("attempts").get(1).path("taskId").asText()).isEqualTo(id + ".2");
    Result again = harness.longhaul("pick", id, "1");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).isEqualTo("longhaul: task " + id + ": task " + id + " is not waiting for a pick: its review is picked\n");

    // Once the review is over, the attempts' worktrees can go; the task's own workspace stays.
    Path main = repo.dir.toRealPath();
    List<Path> worktrees = repo.git("worktree", "list", "--porcelain").lines()
        .filter(l -> l.startsWith("worktree ")).map(l -> Path.of(l.substring("worktree ".length())))
        .filter(p -> !p.equals(main)).toList();
    assertThat(worktrees).hasSize(2).allMatch(Files::isDirectory);
    Result removed = harness.longhaul("attempts", id, "--remove");
    assertThat(removed.exitCode()).as(removed.err()).isZero();
    assertThat(removed.err()).isEqualTo("removed the workspaces of 2 of " + id + "'s 2 attempts\n");
    assertThat(worktrees).noneMatch(Files::exists);
    assertThat(repo.git("worktree", "list", "--porcelain").lines().filter(l -> l.startsWith("worktree "))).hasSize(1);
    assertThat(repo.dir.resolve("answer.txt")).hasContent("42");
    assertThat(harness.longhaul("attempts", id, "--remove").err())
        .isEqualTo("no workspace of " + id + "'s attempts is on this machine\n");
  }

  @Test
  void send_toAnAttempt_isRefusedWithOneLine_whileItRuns_forItsFollowUpWouldBeLost() {
    GitRepo repo = GitRepo.init(temp.resolve("ws"));
    repo.write("answer.txt", "0\n").commit("first");
    Path workspace = repo.dir;
    String id = LonghaulCommandTest.newId();
    for (int n = 1; n <= 2; n++) {
      harness.model.scriptFor(BestOf.attemptId(id, n), trickle(Duration.ofSeconds(1), Duration.ofSeconds(60)));
    }
    Result run = harness.longhaul("run", "--detach", "--task-id", id, "--workspace", workspace.toString(),
        "--attempts", "2", "--review", "human", "Fix the answer");
    assertThat(run.exitCode()).as(run.err()).isZero();
    Await.until(() -> harness.longhaul("status", id + ".2").out().contains("running"), Duration.ofSeconds(60), "attempt 2");

    Result send = harness.longhaul("send", id + ".2", "and also this");

    assertThat(send.exitCode()).isEqualTo(1);
    assertThat(send.err()).isEqualTo("longhaul: " + id + ".2 is attempt 2 of " + id
        + ", which takes no follow-ups: pick it (longhaul pick " + id + " 2) and send to " + id + "\n");
    harness.longhaul("interrupt", id);
  }

  @Test
  void pick_ofAnOrdinaryTask_isRefusedWithOneLine() {
    String id = harness.idleTask(temp);

    Result pick = harness.longhaul("pick", id, "1");

    assertThat(pick.exitCode()).isEqualTo(1);
    assertThat(pick.err()).isEqualTo("longhaul: task " + id + ": task " + id
        + " has no attempts to pick from (it was not started with --attempts)\n");
    assertThat(harness.longhaul("attempts", id).err())
        .isEqualTo("longhaul: task " + id + " has no attempts (it was not started with --attempts)\n");
  }
}
