package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How far a task's tools are confined (Codex's modes, with the same names). */
public enum SandboxMode {
  /** Commands run confined and may write nowhere; {@code apply_patch} is refused. */
  @JsonProperty("read-only")
  READ_ONLY("read-only"),
  /** Commands run confined; the workspace (and any extra writable directory) is writable. */
  @JsonProperty("workspace-write")
  WORKSPACE_WRITE("workspace-write"),
  /** No confinement: commands have the worker's powers, its environment excepted. */
  @JsonProperty("danger-full-access")
  DANGER_FULL_ACCESS("danger-full-access");

  private final String label;

  SandboxMode(String label) {
    this.label = label;
  }

  /** As people type it, and as {@code --sandbox} and {@code LONGHAUL_SANDBOX} take it. */
  public String label() {
    return label;
  }

  public boolean confined() {
    return this != DANGER_FULL_ACCESS;
  }

  /**
   * The mode a person named.
   *
   * @throws IllegalArgumentException with a one-line message listing the valid values
   */
  public static SandboxMode parse(String text) {
    for (SandboxMode mode : values()) {
      if (mode.label.equals(text == null ? null : text.strip())) return mode;
    }
    throw new IllegalArgumentException(
        "unknown sandbox mode \"" + text + "\"; valid: " + labels());
  }

  public static String labels() {
    return Arrays.stream(values()).map(SandboxMode::label).collect(Collectors.joining(", "));
  }
}
