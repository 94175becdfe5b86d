package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One step of the agent's plan, as set by the {@code update_plan} tool. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlanStep(String step, Status status) {
  public enum Status {
    pending,
    in_progress,
    completed
  }
}
