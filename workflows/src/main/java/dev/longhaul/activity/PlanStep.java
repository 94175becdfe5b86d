package dev.longhaul.activity;

/** One step of the agent's plan, as set by the {@code update_plan} tool. */
public record PlanStep(String step, Status status) {
  public enum Status {
    pending,
    in_progress,
    completed
  }
}
