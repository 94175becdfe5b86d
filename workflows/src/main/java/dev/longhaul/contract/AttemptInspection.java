package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * @param diff what the attempt changed since its base
 * @param checkExit the check command's exit code; null when there was no check
 * @param checkTail the end of the check's output (a few hundred characters); null without a check
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AttemptInspection(DiffStats diff, Integer checkExit, String checkTail) {
  public boolean checkPassed() {
    return checkExit != null && checkExit == 0;
  }
}
