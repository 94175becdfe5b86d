package dev.longhaul.workflow;

import static dev.longhaul.workflow.ApprovalRules.Gate.ASK;
import static dev.longhaul.workflow.ApprovalRules.Gate.ASK_OUTSIDE;
import static dev.longhaul.workflow.ApprovalRules.Gate.REFUSE;
import static dev.longhaul.workflow.ApprovalRules.Gate.RUN;
import static dev.longhaul.workflow.ApprovalRules.Gate.RUN_OUTSIDE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.contract.ApprovalPolicy;
import dev.longhaul.contract.CommandInfo;
import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.contract.ToolCallRef;
import dev.longhaul.contract.ToolResult;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Codex's approval policies, as a table of what each does with each kind of call. */
class ApprovalRulesTest {
  private static final SandboxPolicy CONFINED = SandboxPolicy.of(SandboxMode.WORKSPACE_WRITE);
  private static final SandboxPolicy NONE = SandboxPolicy.of(SandboxMode.DANGER_FULL_ACCESS);
  private static final ToolCallRef READ = new ToolCallRef(1, "read_file", true, "read_file: a");
  private static final ToolCallRef SAFE = call("git status", true, null);
  private static final ToolCallRef MAKE = call("make", false, null);
  private static final ToolCallRef ESCALATE = call("npm install", false, "needs the network");

  private static ToolCallRef call(String command, boolean knownSafe, String justification) {
    return new ToolCallRef(1, "shell", false, "shell: " + command,
        new CommandInfo(command, ".", knownSafe, justification));
  }

  private static ApprovalRules.Gate gate(ApprovalPolicy policy, SandboxPolicy sandbox, ToolCallRef call) {
    return ApprovalRules.before(policy, sandbox, call, Set.of()).gate();
  }

  @Test
  void eachPolicy_decidesEachKindOfCallAsCodexDoes() {
    assertThat(new ApprovalRules.Gate[] {
        gate(ApprovalPolicy.UNTRUSTED, CONFINED, READ), gate(ApprovalPolicy.UNTRUSTED, CONFINED, SAFE),
        gate(ApprovalPolicy.UNTRUSTED, CONFINED, MAKE), gate(ApprovalPolicy.UNTRUSTED, CONFINED, ESCALATE)})
        .containsExactly(RUN, RUN, ASK, ASK_OUTSIDE);
    assertThat(new ApprovalRules.Gate[] {
        gate(ApprovalPolicy.ON_REQUEST, CONFINED, MAKE), gate(ApprovalPolicy.ON_REQUEST, CONFINED, ESCALATE)})
        .containsExactly(RUN, ASK_OUTSIDE);
    assertThat(new ApprovalRules.Gate[] {
        gate(ApprovalPolicy.ON_FAILURE, CONFINED, MAKE), gate(ApprovalPolicy.ON_FAILURE, CONFINED, ESCALATE)})
        .containsExactly(RUN, RUN);
    assertThat(new ApprovalRules.Gate[] {
        gate(ApprovalPolicy.NEVER, CONFINED, MAKE), gate(ApprovalPolicy.NEVER, CONFINED, ESCALATE)})
        .containsExactly(RUN, REFUSE);
  }

  @Test
  void withoutASandbox_thereIsNothingToStepOutOf() {
    assertThat(gate(ApprovalPolicy.ON_REQUEST, NONE, ESCALATE)).isEqualTo(RUN);
    assertThat(gate(ApprovalPolicy.UNTRUSTED, NONE, MAKE)).isEqualTo(ASK);
  }

  @Test
  void aTaskFromBeforeApprovals_neverAsks() {
    assertThat(gate(null, null, ESCALATE)).isEqualTo(RUN);
  }

  @Test
  void aCommandApprovedForTheTask_runsWithTheReachItWasApprovedWith() {
    Set<String> approved = Set.of(ApprovalRules.key(ESCALATE.command(), true), ApprovalRules.key(MAKE.command(), false));
    assertThat(ApprovalRules.before(ApprovalPolicy.ON_REQUEST, CONFINED, ESCALATE, approved).gate()).isEqualTo(RUN_OUTSIDE);
    assertThat(ApprovalRules.before(ApprovalPolicy.UNTRUSTED, CONFINED, MAKE, approved).gate()).isEqualTo(RUN);
    assertThat(ApprovalRules.before(ApprovalPolicy.UNTRUSTED, CONFINED, call("make clean", false, null), approved).gate())
        .isEqualTo(ASK);
  }

  @Test
  void onFailure_asksOnlyAfterAConfinedFailure() {
    ToolResult failed = new ToolResult(2, 10, true, "denied", null);
    ToolResult ok = new ToolResult(2, 10, false, "ok", null);
    assertThat(ApprovalRules.afterFailure(ApprovalPolicy.ON_FAILURE, CONFINED, MAKE, failed, false)).isPresent();
    assertThat(ApprovalRules.afterFailure(ApprovalPolicy.ON_FAILURE, CONFINED, MAKE, ok, false)).isEmpty();
    assertThat(ApprovalRules.afterFailure(ApprovalPolicy.ON_FAILURE, CONFINED, MAKE, failed, true)).isEmpty();
    assertThat(ApprovalRules.afterFailure(ApprovalPolicy.ON_FAILURE, NONE, MAKE, failed, false)).isEmpty();
    assertThat(ApprovalRules.afterFailure(ApprovalPolicy.ON_REQUEST, CONFINED, MAKE, failed, false)).isEmpty();
    assertThat(ApprovalRules.afterFailure(ApprovalPolicy.ON_FAILURE, CONFINED, MAKE, failed.asCutOff(), false))
        .as("a call cut off with its worker is never offered to run again").isEmpty();
  }
}
