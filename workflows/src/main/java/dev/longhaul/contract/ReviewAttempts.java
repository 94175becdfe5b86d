package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * @param taskId the task whose attempts are reviewed; its prompt is the first user message of its
 *     transcript, and the review's usage is recorded against it
 * @param model the model to review with; null for the worker's default
 * @param attempts the attempts that may be picked
 * @param check the check command run in each, or null
 * @param provider the task's model provider, whose API the review speaks; null for OpenAI Responses
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReviewAttempts(
    String taskId, int turn, int step, String model, List<ReviewedAttempt> attempts, String check,
    String provider) {

  /**
   * @param outcome how the attempt ended, in a few words ({@code finished}, {@code needs
   *     attention: …})
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ReviewedAttempt(
      int attempt, String attemptTaskId, String workspace, String base, String outcome,
      AttemptInspection inspection) {}
}
