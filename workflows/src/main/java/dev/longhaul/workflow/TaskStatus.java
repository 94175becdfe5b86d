package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum TaskStatus {
  idle,
  running,
  /** A turn waits for a person to approve or deny a tool call. */
  @JsonProperty("awaiting-approval")
  awaiting_approval,
  /** A turn stopped because the task could not go on by itself (compaction kept failing). */
  @JsonProperty("needs-attention")
  needs_attention,
  ended,
  failed;

  /** Whether a turn is under way: running, or waiting for a person in the middle of it. */
  public boolean inTurn() {
    return this == running || this == awaiting_approval;
  }

  /** As people and the store see it. */
  public String label() {
    return name().replace('_', '-');
  }
}
