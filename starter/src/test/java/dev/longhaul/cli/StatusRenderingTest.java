package dev.longhaul.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.workflow.Budget;
import dev.longhaul.workflow.PendingApproval;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskStatus;
import dev.longhaul.workflow.Tokens;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code status} shows of a task that waits for approval, from the progress it is given. */
class StatusRenderingTest {
  private static final long NOW = 1_800_000_000_000L;

  private static final PendingApproval ESCALATION = new PendingApproval(
      "7", "shell", "touch x", "/work/project", "needs it", true, NOW - 3 * 60_000);

  @Test
  void aPendingApproval_showsItsCommandWorkdirReasonAgeAndHowToAnswerIt() {
    Progress progress = progress(List.of(ESCALATION), null);

    String status = StatusCommand.human(TaskView.of("t-1", progress), NOW);

    assertThat(status).startsWith("""
        t-1: awaiting-approval · turn 1 · step 2 · test-model
        sandbox: workspace-write, network off · approvals: on-request
        waiting for your answer:
          call 7 · shell · asked 3m ago · to run outside the sandbox
            command: touch x
            workdir: /work/project
            reason:  needs it
            answer:  longhaul approve t-1 7   or   longhaul deny t-1 7 [--reason TEXT]
        tokens: """);
  }

  @Test
  void severalPendingApprovals_areEachShown_oldestFirst() {
    PendingApproval second = new PendingApproval(
        "9", "shell", "git push\n--force", null, "not a known read-only command", false, NOW - 5_000);

    String status = StatusCommand.human(TaskView.of("t-1", progress(List.of(ESCALATION, second), null)), NOW);

    assertThat(status).contains("""
          call 9 · shell · asked 5s ago
            command: git push ⏎ --force
            reason:  not a known read-only command
            answer:  longhaul approve t-1 9   or   longhaul deny t-1 9 [--reason TEXT]
        """);
    assertThat(status.indexOf("call 7")).isLessThan(status.indexOf("call 9"));
  }

  @Test
  void aBudget_showsEachLimitWithWhatIsSpent() {
    Progress progress = progress(List.of(), new Budget(5.0, 100_000L, Duration.ofHours(2)));

    String status = StatusCommand.human(TaskView.of("t-1", progress), NOW);

    assertThat(status).contains("\nbudget: $0.0123 of $5.00 · 1,500 of 100,000 tokens · 2h from the start\n");
  }

  @Test
  void aTaskWithoutPolicyOrBudget_showsNeitherLine() {
    Progress progress = new Progress(TaskStatus.idle, "test-model", 1, 1, null, new Tokens(10, 0, 5, 0, 15),
        "Done.", List.of(), 0, 0, null, null, List.of(), null, null, null);

    String status = StatusCommand.human(TaskView.of("t-1", progress), NOW);

    assertThat(status).doesNotContain("sandbox:", "budget:", "waiting for your answer");
  }

  @Test
  void aTaskOnAHost_showsItsHost_whySnapshotsStopped_andAFailedMove() {
    Progress progress = new Progress(TaskStatus.idle, "test-model", 1, 1, null, new Tokens(10, 0, 5, 0, 15),
        "Done.", List.of(), 0, 0, null, null, List.of(), null, null, null, "build-2",
        "snapshots stopped: workspace changes are 130.0 MB compressed, over the 100.0 MB limit (LONGHAUL_SNAPSHOT_LIMIT_MB)",
        "move to build-3 failed: no worker of host build-3 picked it up within 120 s");

    String status = StatusCommand.human(TaskView.of("t-1", progress), NOW);

    assertThat(status).contains("\nhost: build-2\nsnapshots stopped: workspace changes are 130.0 MB compressed,"
        + " over the 100.0 MB limit (LONGHAUL_SNAPSHOT_LIMIT_MB)\nmove to build-3 failed: no worker of host"
        + " build-3 picked it up within 120 s\n");
  }

  @Test
  void theJsonStatus_carriesTheApprovalsAndABudgetsDurationAsIso8601() throws Exception {
    Progress progress = progress(List.of(ESCALATION), new Budget(null, null, Duration.ofMinutes(90)));

    JsonNode json = new ObjectMapper().readTree(StatusCommand.json(TaskView.of("t-1", progress)));

    assertThat(json.path("status").asText()).isEqualTo("awaiting-approval");
    assertThat(json.path("approvals").path(0).path("callId").asText()).isEqualTo("7");
    assertThat(json.path("approvals").path(0).path("command").asText()).isEqualTo("touch x");
    assertThat(json.path("budget").path("maxDuration").asText()).isEqualTo("PT1H30M");
    assertThat(json.path("sandbox").asText()).isEqualTo("workspace-write, network off");
  }

  private static Progress progress(List<PendingApproval> approvals, Budget budget) {
    return new Progress(
        approvals.isEmpty() ? TaskStatus.running : TaskStatus.awaiting_approval, "test-model", 1, 2,
        "shell: touch x", new Tokens(1_000, 200, 500, 0, 1_500), null, List.of(), 0, 0, 0.0123, null,
        approvals, "workspace-write, network off", "on-request", budget);
  }
}
