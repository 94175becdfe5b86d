package dev.longhaul.git;

import java.util.regex.Pattern;

/** What kind of place a repository argument names, by git's own rules for URLs and paths. */
public final class RepoAddress {
  private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");
  /** {@code host:path} (scp-like), which git reads as SSH when the colon comes before any slash. */
  private static final Pattern SCP = Pattern.compile("[^/]+:.*");

  private RepoAddress() {}

  /** Whether {@code repo} is a path on this machine, not a URL. */
  public static boolean isPath(String repo) {
    return !URL.matcher(repo).matches() && !SCP.matcher(repo).matches();
  }

  /** Whether {@code repo} is on this machine's filesystem: a path or a {@code file://} URL. */
  public static boolean isLocal(String repo) {
    return isPath(repo) || repo.startsWith("file://");
  }
}
