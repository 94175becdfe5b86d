package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * @param check the command to run in the attempt's workspace; null for none
 * @param sandbox how the check is confined: the task's policy, as for a shell call
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InspectAttempt(
    String attemptTaskId, String workspace, String base, String check, SandboxPolicy sandbox) {}
