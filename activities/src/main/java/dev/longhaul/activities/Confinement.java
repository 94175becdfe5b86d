package dev.longhaul.activities;

import dev.longhaul.contract.ApprovalPolicy;
import dev.longhaul.contract.FailureType;
import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.tools.sandbox.Sandbox;
import dev.longhaul.tools.sandbox.SandboxCheck;
import java.util.Map;
import java.util.function.Function;

/**
 * How this worker confines tasks: its {@link Sandbox}, and the sandbox and approval policy a task
 * gets when it names none.
 */
public record Confinement(Sandbox sandbox, SandboxPolicy defaultSandbox, ApprovalPolicy defaultApproval) {
  /**
   * {@code LONGHAUL_SANDBOX} (default workspace-write, network off) and {@code LONGHAUL_APPROVAL}
   * (default on-request).
   *
   * @throws IllegalArgumentException with one line naming the variable and the valid values
   */
  public static Confinement fromEnvironment(Map<String, String> env) {
    SandboxMode mode = parse(env, "LONGHAUL_SANDBOX", SandboxMode::parse, SandboxMode.WORKSPACE_WRITE);
    ApprovalPolicy approval = parse(env, "LONGHAUL_APPROVAL", ApprovalPolicy::parse, ApprovalPolicy.ON_REQUEST);
    return new Confinement(Sandbox.fromEnvironment(env), SandboxPolicy.of(mode), approval);
  }

  /** workspace-write with the network off, on-request, the sandbox drawing on this process's environment. */
  public static Confinement defaults() {
    return new Confinement(
        Sandbox.fromEnvironment(System.getenv()), SandboxPolicy.of(SandboxMode.WORKSPACE_WRITE), ApprovalPolicy.ON_REQUEST);
  }

  private static <T> T parse(Map<String, String> env, String variable, Function<String, T> parser, T otherwise) {
    String value = env.get(variable);
    if (value == null || value.isBlank()) return otherwise;
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(variable + ": " + e.getMessage());
    }
  }

  /** The task's sandbox: the one it asked for, else this worker's default. */
  public SandboxPolicy sandboxFor(SandboxPolicy requested) {
    return requested == null ? defaultSandbox : requested;
  }

  public ApprovalPolicy approvalFor(ApprovalPolicy requested) {
    return requested == null ? defaultApproval : requested;
  }

  /**
   * Refuses a confined policy on a worker where bubblewrap does not work, so that the task fails
   * with one line rather than run unconfined.
   */
  public void requireWorking(SandboxPolicy policy) {
    if (!policy.mode().confined()) return;
    SandboxCheck check = sandbox.check();
    if (!check.works()) throw unavailable(policy, check.problem());
  }

  static RuntimeException unavailable(SandboxPolicy policy, String problem) {
    return FailureType.SANDBOX_UNAVAILABLE.failure("cannot confine this task (sandbox " + policy.mode().label() + "): " + problem);
  }

  /** One line for the worker's start: the defaults, and whether bubblewrap works. */
  public String describe() {
    SandboxCheck check = sandbox.check();
    return "sandbox " + defaultSandbox.describe() + ", approval " + defaultApproval.label() + " by default; "
        + (check.works() ? "bubblewrap works" : "confined tasks will fail: " + check.problem());
  }
}
