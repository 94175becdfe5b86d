package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.longhaul.contract.ApprovalPolicy;
import dev.longhaul.contract.SandboxPolicy;

/**
 * What a task may do unattended, as its client asked.
 *
 * @param sandbox how its tools are confined; null for the worker's default ({@code
 *     LONGHAUL_SANDBOX})
 * @param approval when it asks a person; null for the worker's default ({@code LONGHAUL_APPROVAL})
 * @param budget what it may spend; null for no limit
 * @param rerunOnCrash run a mutating tool call again when its worker was lost mid-call
 *     (at-least-once) instead of telling the model it was cut off
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskPolicy(
    SandboxPolicy sandbox, ApprovalPolicy approval, Budget budget, boolean rerunOnCrash) {
  public static TaskPolicy defaults() {
    return new TaskPolicy(null, null, null, false);
  }
}
