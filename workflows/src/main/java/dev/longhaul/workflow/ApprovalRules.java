package dev.longhaul.workflow;

import dev.longhaul.contract.ApprovalPolicy;
import dev.longhaul.contract.CommandInfo;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.contract.ToolCallRef;
import dev.longhaul.contract.ToolResult;
import java.util.Optional;
import java.util.Set;

/**
 * When a tool call asks a person first, by the task's approval policy (Codex's meanings). Plain
 * rules, no Temporal: the workflow acts on what they decide.
 */
final class ApprovalRules {
  private ApprovalRules() {}

  enum Gate {
    /** Run it as the sandbox allows. */
    RUN,
    /** Run it outside the sandbox: a person allowed that. */
    RUN_OUTSIDE,
    /** Ask a person; approved, it runs in the sandbox. */
    ASK,
    /** Ask a person; approved, it runs outside the sandbox. */
    ASK_OUTSIDE,
    /** Do not run it; the reason is the call's output. */
    REFUSE
  }

  record Decision(Gate gate, String reason) {
    static Decision run() {
      return new Decision(Gate.RUN, null);
    }
  }

  /**
   * Before a call runs.
   *
   * <ul>
   *   <li>A call that only reads, or a task from before approvals (no policy), runs.
   *   <li>A command approved {@code --for-task} runs again without asking, as it was approved.
   *   <li>A request to run outside the sandbox asks under {@code on-request} and {@code
   *       untrusted}, is refused under {@code never}, and under {@code on-failure} runs in the
   *       sandbox first (a failure then asks). Without a sandbox there is nothing to step out of.
   *   <li>Under {@code untrusted}, any command not on the known read-only list asks.
   * </ul>
   */
  static Decision before(
      ApprovalPolicy policy, SandboxPolicy sandbox, ToolCallRef call, Set<String> approvedForTask) {
    CommandInfo command = call.command();
    if (command == null || policy == null) return Decision.run();
    boolean confined = sandbox == null || sandbox.mode().confined();
    boolean outside = command.asksToEscalate() && confined;
    if (approvedForTask.contains(key(command, outside))) {
      return new Decision(outside ? Gate.RUN_OUTSIDE : Gate.RUN, null);
    }
    if (outside) {
      return switch (policy) {
        case ON_REQUEST, UNTRUSTED -> new Decision(Gate.ASK_OUTSIDE,
            "the model asks to run this outside the sandbox: " + command.justification());
        case NEVER -> new Decision(Gate.REFUSE,
            "Not run: the task's approval policy is never, so nothing runs outside the sandbox ("
                + sandbox(sandbox) + "). Do what you can inside it, or say what you need.");
        case ON_FAILURE -> Decision.run();
      };
    }
    if (policy == ApprovalPolicy.UNTRUSTED && !command.knownSafe()) {
      return new Decision(Gate.ASK, "the approval policy is untrusted, and this is not a known read-only command");
    }
    return Decision.run();
  }

  /**
   * After a call failed inside the sandbox: under {@code on-failure}, why to ask to run it again
   * outside; empty otherwise.
   */
  static Optional<String> afterFailure(
      ApprovalPolicy policy, SandboxPolicy sandbox, ToolCallRef call, ToolResult result, boolean ranOutside) {
    // A call cut off with its worker did not fail: its effects are unknown, and it must not run twice.
    if (policy != ApprovalPolicy.ON_FAILURE || call.command() == null || !result.failed() || ranOutside
        || result.cutOff()) {
      return Optional.empty();
    }
    if (sandbox != null && !sandbox.mode().confined()) return Optional.empty();
    return Optional.of("it failed inside the sandbox (" + sandbox(sandbox) + "); approve to run it again outside");
  }

  /** What {@code approve --for-task} remembers: the same command, with the same reach. */
  static String key(CommandInfo command, boolean outside) {
    return (outside ? "outside:" : "sandboxed:") + command.workdir() + ":" + command.command();
  }

  private static String sandbox(SandboxPolicy sandbox) {
    return sandbox == null ? "the worker's default sandbox" : sandbox.describe();
  }
}
