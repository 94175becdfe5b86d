package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A tool call waiting for a person's answer.
 *
 * @param callId how {@code approve} and {@code deny} name it (the call's sequence number)
 * @param command what it would run; {@code workdir} where
 * @param reason why the task asks (the policy, or the model's justification)
 * @param outsideSandbox whether approving lets it run outside the sandbox
 * @param sinceMillis when the task started waiting, epoch milliseconds (workflow time)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PendingApproval(
    String callId, String tool, String command, String workdir, String reason,
    boolean outsideSandbox, long sinceMillis) {}
