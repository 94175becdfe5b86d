package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What an accepted answer decided, for the client to confirm. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApprovalAnswered(String callId, String command, boolean approved, boolean forTask) {}
