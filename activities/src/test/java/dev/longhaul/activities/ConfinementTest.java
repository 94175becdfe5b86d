package dev.longhaul.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.longhaul.contract.ApprovalPolicy;
import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfinementTest {
  @Test
  void withNothingSet_aTaskIsConfinedToItsWorkspaceWithoutNetwork_andAsksOnlyToLeaveTheSandbox() {
    Confinement confinement = Confinement.fromEnvironment(Map.of("HOME", "/home/worker"));

    assertThat(confinement.defaultSandbox()).isEqualTo(new SandboxPolicy(SandboxMode.WORKSPACE_WRITE, false, java.util.List.of()));
    assertThat(confinement.defaultApproval()).isEqualTo(ApprovalPolicy.ON_REQUEST);
  }

  @Test
  void theWorkersDefaults_comeFromLonghaulSandboxAndLonghaulApproval() {
    Confinement confinement =
        Confinement.fromEnvironment(Map.of("LONGHAUL_SANDBOX", "read-only", "LONGHAUL_APPROVAL", "untrusted"));

    assertThat(confinement.defaultSandbox()).isEqualTo(SandboxPolicy.of(SandboxMode.READ_ONLY));
    assertThat(confinement.defaultApproval()).isEqualTo(ApprovalPolicy.UNTRUSTED);
  }

  @Test
  void anUnknownValue_isOneLineNamingTheVariableAndTheValidValues() {
    assertThatThrownBy(() -> Confinement.fromEnvironment(Map.of("LONGHAUL_SANDBOX", "sandboxed")))
        .hasMessage("LONGHAUL_SANDBOX: unknown sandbox mode \"sandboxed\"; valid: read-only, workspace-write, danger-full-access");
    assertThatThrownBy(() -> Confinement.fromEnvironment(Map.of("LONGHAUL_APPROVAL", "always")))
        .hasMessage("LONGHAUL_APPROVAL: unknown approval policy \"always\"; valid: untrusted, on-request, on-failure, never");
  }
}
