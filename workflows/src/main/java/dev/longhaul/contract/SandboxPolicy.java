package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * How a task's tools are confined.
 *
 * @param network whether a confined command may use the network (a danger-full-access one always
 *     may)
 * @param writable further writable directories besides the workspace (absolute paths), such as a
 *     build cache; ignored in read-only mode
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SandboxPolicy(SandboxMode mode, boolean network, List<String> writable) {
  public SandboxPolicy {
    writable = writable == null ? List.of() : List.copyOf(writable);
  }

  public static SandboxPolicy of(SandboxMode mode) {
    return new SandboxPolicy(mode, false, List.of());
  }

  /** One line for people and for the model: {@code workspace-write, network off}. */
  public String describe() {
    String line = mode.label() + ", network " + (network || !mode.confined() ? "on" : "off");
    if (mode == SandboxMode.WORKSPACE_WRITE && !writable.isEmpty()) {
      line += ", also writable: " + String.join(", ", writable);
    }
    return line;
  }
}
