package dev.longhaul.workflow;

public enum TaskStatus {
  idle,
  running,
  ended,
  failed
}
