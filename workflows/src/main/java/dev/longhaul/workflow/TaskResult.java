package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.longhaul.contract.Usage;

/**
 * How a task finished.
 *
 * @param usage what its model calls billed; null except for an attempt of a best-of-N task, whose
 *     parent charges it to its own budget
 * @param costMicros what they cost, negative when unknown; null when {@code usage} is
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskResult(TaskStatus status, int turns, int steps, String lastMessage, Usage usage, Long costMicros) {
  public TaskResult(TaskStatus status, int turns, int steps, String lastMessage) {
    this(status, turns, steps, lastMessage, null, null);
  }
}
