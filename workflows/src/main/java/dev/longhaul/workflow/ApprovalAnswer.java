package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A person's answer to a pending approval.
 *
 * @param callId the call; null when exactly one approval is pending
 * @param forTask also approve identical commands for the rest of the task
 * @param reason why it was denied, passed to the model; may be null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApprovalAnswer(String callId, boolean approved, boolean forTask, String reason) {
  public static ApprovalAnswer approve(String callId, boolean forTask) {
    return new ApprovalAnswer(callId, true, forTask, null);
  }

  public static ApprovalAnswer deny(String callId, String reason) {
    return new ApprovalAnswer(callId, false, false, reason);
  }
}
