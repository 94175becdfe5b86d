package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.stream.Collectors;

/** When a task asks a person before a tool call (Codex's policies, with the same names). */
public enum ApprovalPolicy {
  /** Asks before any command that is not on the built-in list of known read-only commands. */
  @JsonProperty("untrusted")
  UNTRUSTED("untrusted"),
  /** Asks only when the model asks to run a command outside the sandbox, with a justification. */
  @JsonProperty("on-request")
  ON_REQUEST("on-request"),
  /** Asks to run again outside the sandbox a command that failed inside it. */
  @JsonProperty("on-failure")
  ON_FAILURE("on-failure"),
  /** Never asks: what the sandbox forbids fails, and the model is told. */
  @JsonProperty("never")
  NEVER("never");

  private final String label;

  ApprovalPolicy(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * The policy a person named.
   *
   * @throws IllegalArgumentException with a one-line message listing the valid values
   */
  public static ApprovalPolicy parse(String text) {
    for (ApprovalPolicy policy : values()) {
      if (policy.label.equals(text == null ? null : text.strip())) return policy;
    }
    throw new IllegalArgumentException(
        "unknown approval policy \"" + text + "\"; valid: " + labels());
  }

  public static String labels() {
    return Arrays.stream(values()).map(ApprovalPolicy::label).collect(Collectors.joining(", "));
  }
}
