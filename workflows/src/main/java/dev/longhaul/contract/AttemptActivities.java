package dev.longhaul.contract;

import io.temporal.activity.ActivityInterface;

/**
 * Best of N: the workspaces of a task's attempts, what each changed, the review that picks one and
 * applying the pick. All but {@link #reviewAttempts}'s model call touch workspaces, so they run on
 * the task's host; the review reads the attempts' diffs, so it runs there too.
 */
@ActivityInterface
public interface AttemptActivities {
  /**
   * Makes each attempt's workspace from the task's: a git worktree at the task's commit holding its
   * uncommitted changes (when the workspace is in a git repository), else a copy with a repository
   * of its own; either way its {@code HEAD} is a commit of the starting state, the base of its diff.
   * A retry reuses the workspaces already made.
   */
  AttemptsPrepared prepareAttempts(PrepareAttempts request);

  /** What the attempt changed since its base, and the check command's result in its workspace. */
  AttemptInspection inspectAttempt(InspectAttempt request);

  /**
   * Asks the model to pick an attempt, given the task, each attempt's final message, diff (capped)
   * and check result. A malformed answer, or one naming an attempt not offered, is retried.
   */
  ReviewAnswer reviewAttempts(ReviewAttempts request);

  /** Applies the picked attempt's diff to the task's own workspace; a retry finds it applied. */
  DiffStats applyPick(ApplyPick request);
}
