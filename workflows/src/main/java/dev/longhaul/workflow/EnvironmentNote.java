package dev.longhaul.workflow;

import dev.longhaul.contract.ApprovalPolicy;
import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;

/**
 * What the model is told of its confinement and approval policy, so it does not waste steps on
 * what the sandbox forbids. Appended as a message (never written into the prefix) at the start of
 * a task, and of a resumed or forked one, whose policy may differ.
 */
final class EnvironmentNote {
  private EnvironmentNote() {}

  static String of(SandboxPolicy sandbox, ApprovalPolicy approval) {
    return "<environment_context>\n" + sandbox(sandbox) + "\n" + network(sandbox) + "\n"
        + approval(approval) + "\n</environment_context>";
  }

  private static String sandbox(SandboxPolicy sandbox) {
    return switch (sandbox.mode()) {
      case READ_ONLY -> "Sandbox: read-only. Commands run confined and can write nowhere (apply_patch"
          + " is refused); /tmp is private. The worker's processes and files are out of sight.";
      case WORKSPACE_WRITE -> "Sandbox: workspace-write. Commands run confined: the workspace"
          + (sandbox.writable().isEmpty() ? "" : " and " + String.join(", ", sandbox.writable()))
          + " can be written, the rest of the filesystem is read-only, /tmp is private, and the"
          + " worker's processes and files are out of sight.";
      case DANGER_FULL_ACCESS -> "Sandbox: none (danger-full-access). Commands run with the"
          + " worker's permissions.";
    };
  }

  private static String network(SandboxPolicy sandbox) {
    boolean on = sandbox.network() || sandbox.mode() == SandboxMode.DANGER_FULL_ACCESS;
    return on ? "Network: on." : "Network: off. Commands cannot reach the network.";
  }

  private static String approval(ApprovalPolicy approval) {
    return switch (approval) {
      case UNTRUSTED -> "Approval policy: untrusted. Known read-only commands (ls, cat, grep, git"
          + " status, …) run at once; any other command and any edit wait for a person's approval,"
          + " which may take long and may be refused.";
      case ON_REQUEST -> "Approval policy: on-request. Commands run in the sandbox without asking."
          + " To run one outside it, call shell with \"sandbox_permissions\": \"require_escalated\""
          + " and a \"justification\"; a person decides, which may take long and may be refused.";
      case ON_FAILURE -> "Approval policy: on-failure. Commands run in the sandbox; when one fails"
          + " there, a person is asked whether to run it again outside.";
      case NEVER -> "Approval policy: never. Nobody is asked: nothing runs outside the sandbox.";
    };
  }
}
