package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.longhaul.contract.ApprovalPolicy;
import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.workflow.ApprovalAnswer;
import dev.longhaul.workflow.PendingApproval;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskPolicy;
import dev.longhaul.workflow.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approvals with everything real but the model: the workflow and activities on the test server,
 * PostgreSQL, and commands under bubblewrap. A command that writes outside the workspace is what
 * the sandbox forbids; a person's approval is what lets it out.
 */
class ApprovalTest {
  @RegisterExtension static final AgentHarness harness = AgentHarness.builder().build();

  @TempDir Path temp;

  private static String escalated(String command, String justification) {
    return toolCall("shell", JsonNodeFactory.instance.objectNode()
        .put("command", command)
        .put("sandbox_permissions", "require_escalated")
        .put("justification", justification).toString());
  }

  private String start(Path workspace, String prompt, ApprovalPolicy approval) {
    return harness.start(TaskInput.of(workspace.toString(), prompt).withPolicy(
        new TaskPolicy(SandboxPolicy.of(SandboxMode.WORKSPACE_WRITE), approval, null, false)));
  }

  @Test
  void anApprovedEscalation_runsOutsideTheSandbox_andADeniedOneNeverRuns() throws Exception {
    Path workspace = Files.createDirectories(temp.resolve("ws"));
    Path outside = Files.createDirectories(temp.resolve("outside"));
    harness.model.script(
        reply(escalated("touch " + outside + "/approved", "writes the shared cache")),
        reply(escalated("touch " + outside + "/denied", "writes it again")),
        reply(text("One of two.")));
    String taskId = start(workspace, "Write the cache twice", ApprovalPolicy.ON_REQUEST);

    PendingApproval first = awaitApproval(taskId, null);
    assertThat(first.command()).isEqualTo("touch " + outside + "/approved");
    assertThat(first.reason()).contains("writes the shared cache");
    assertThat(outside.resolve("approved")).doesNotExist();
    harness.existing(taskId).answerApproval(ApprovalAnswer.approve(first.callId(), false));

    PendingApproval second = awaitApproval(taskId, first.callId());
    harness.existing(taskId).answerApproval(ApprovalAnswer.deny(second.callId(), "once is enough"));
    Progress done = harness.awaitTurnEnd(taskId, 1);

    assertThat(done.lastMessage()).isEqualTo("One of two.");
    assertThat(outside.resolve("approved")).exists();
    assertThat(outside.resolve("denied")).doesNotExist();
    String denial = AgentWorkflowTest.outputOfLastCall(harness.model.requests().get(2));
    assertThat(denial).isEqualTo("Not run: the user denied this call: once is enough");
    harness.model.requests().forEach(AgentHarness::assertEveryCallAnsweredOnce);
  }

  @Test
  void theSameCommandFailsInsideTheSandbox_whenNobodyLetsItOut() throws Exception {
    Path workspace = Files.createDirectories(temp.resolve("ws2"));
    Path outside = Files.createDirectories(temp.resolve("outside2"));
    harness.model.script(
        reply(escalated("touch " + outside + "/escaped", "needs it")),
        reply(text("Could not.")));
    String taskId = start(workspace, "Try to escape", ApprovalPolicy.NEVER);

    harness.awaitTurnEnd(taskId, 1);

    assertThat(outside.resolve("escaped")).doesNotExist();
    assertThat(AgentWorkflowTest.outputOfLastCall(harness.model.requests().get(1)))
        .contains("approval policy is never");
    // The model was told its policy before it tried.
    assertThat(harness.model.requests().get(0).rawBody()).contains("Approval policy: never");
  }

  /** The next call that waits for approval, other than {@code previous}. */
  private PendingApproval awaitApproval(String taskId, String previous) throws InterruptedException {
    Progress waiting = harness.awaitProgress(taskId,
        p -> p.status() == TaskStatus.awaiting_approval && !p.approvals().isEmpty()
            && !p.approvals().get(0).callId().equals(previous), "an approval request");
    return waiting.approvals().get(0);
  }
}
