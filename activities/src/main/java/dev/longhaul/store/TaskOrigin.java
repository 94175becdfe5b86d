package dev.longhaul.store;

/**
 * Where a task's workspace came from.
 *
 * @param repo the repository the workspace was cloned from; null for a directory given as is
 * @param ref the branch, tag or commit asked for; null for the repository's default
 * @param baseCommit the commit checked out when the task opened; null when the workspace was not
 *     a git repository then
 */
public record TaskOrigin(String repo, String ref, String baseCommit) {
  public static TaskOrigin none() {
    return new TaskOrigin(null, null, null);
  }
}
