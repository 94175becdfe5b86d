package dev.longhaul.contract;

import io.temporal.failure.ApplicationFailure;

/**
 * Every failure type Longhaul raises, in one place: who raises it, who reacts, and whether
 * Temporal retries it. The {@link #id()} strings are recorded in workflow histories and matched
 * by retry policies, so they never change.
 */
public enum FailureType {
  /**
   * Raised by the workflow when a turn's step failed for good (the model kept refusing or a
   * bookkeeping write kept failing). The client reacts: {@code run} and {@code watch} print the
   * message. Not retried: the workflow execution fails; {@code resume} starts it again.
   */
  TASK_FAILED("TaskFailed", false),

  /**
   * Raised by the model and compaction activities when the provider refused the request (400,
   * 401, 403, 404), with the provider's message. Not retried (a retry policy lists it as
   * do-not-retry); the workflow fails the task for a sample, or counts a failed compaction.
   */
  REQUEST_REJECTED("ModelRequestRejected", false),

  /**
   * Raised by the model activity when the provider says the request does not fit the model's
   * context window. Not retried as it stands: the workflow compacts, then samples again.
   */
  CONTEXT_WINDOW_EXCEEDED("ContextWindowExceeded", false),

  /**
   * Raised by the model and compaction activities on a transient fault (429, 5xx, network, a
   * stream cut short), with the provider's Retry-After as the next retry delay. Retried by
   * Temporal, without limit for a sample, so a day-long task waits out an outage.
   */
  MODEL_UNAVAILABLE("ModelUnavailable", true),

  /**
   * Raised by the model and compaction activities when the body is not a valid response. Retried
   * by Temporal up to {@link #MALFORMED_ATTEMPTS} attempts; the last one is raised non-retryable,
   * and the workflow then fails the task (or counts a failed compaction).
   */
  MODEL_MALFORMED("ModelResponseMalformed", true),

  /**
   * Raised by the model and compaction activities when the stored transcript has a hole where the
   * context reference says items are (a store restored from an older backup, rows deleted by
   * hand). Not retried: it would not heal; the workflow fails the task, and the message says to
   * resume it from a checkpoint.
   */
  TRANSCRIPT_GAP("TranscriptGap", false),

  /**
   * Raised by an activity attempt whose write was refused because a later run of the task owns
   * those sequence numbers: the attempt is stale (its run was terminated, or continued as new).
   * Not retried; nobody waits for it, since the run that scheduled it has moved on.
   */
  SUPERSEDED("Superseded", false),

  /**
   * Raised by the tool activity when the call it was asked to run is not in the store. Not
   * retried; the workflow answers the call with the failure, so the model sees it.
   */
  MISSING_TOOL_CALL("MissingToolCall", false),

  /**
   * Raised by the restore activity when a resume or fork names a task or checkpoint the store
   * does not have. Not retried; the new task's workflow fails with it, and the command line
   * checks the same first so a person sees one line.
   */
  UNKNOWN_TASK_OR_CHECKPOINT("UnknownTaskOrCheckpoint", false),

  /**
   * Raised by a worker asked to confine a task (a confined sandbox mode) when it cannot: bubblewrap
   * is missing or does not work there. Not retried; the workflow fails the task with the message,
   * which names the package to install. A task never runs unconfined instead.
   */
  SANDBOX_UNAVAILABLE("SandboxUnavailable", false),

  /**
   * Raised by the activity that opens a task when its workspace cannot be made: the repository
   * cannot be cloned (no such path or URL, no access, an unknown ref) or the directory to clone into
   * is not empty. Not retried; the workflow fails the task with the one line, which names the
   * repository and git's last error line.
   */
  WORKSPACE_UNAVAILABLE("WorkspaceUnavailable", false),

  /**
   * Raised when binding a task to a host whose worker does not have the task's workspace. Retried
   * a few times, since another host's worker may pick up the next attempt; then the task fails
   * with the message.
   */
  WORKSPACE_MISSING("WorkspaceMissing", true),

  /**
   * Raised by the task activities when a task asks for a provider the worker cannot reach (an
   * unknown name, or its key is not set), naming what is missing. Not retried: the task fails
   * with the message before anything runs, or a switch of provider is refused.
   */
  PROVIDER_UNAVAILABLE("ProviderUnavailable", false);

  /** A server that keeps answering garbage is not going to get better by itself. */
  public static final int MALFORMED_ATTEMPTS = 5;

  private final String id;
  private final boolean retried;

  FailureType(String id, boolean retried) {
    this.id = id;
    this.retried = retried;
  }

  /** The application failure type, as histories and retry policies name it. */
  public String id() {
    return id;
  }

  /** Whether Temporal retries an activity that fails with this type (before any attempt limit). */
  public boolean retried() {
    return retried;
  }

  /** A failure of this type, retryable as {@link #retried()} says. */
  public ApplicationFailure failure(String message) {
    return ApplicationFailure.newBuilder()
        .setType(id)
        .setMessage(message)
        .setNonRetryable(!retried)
        .build();
  }

  /** Whether {@code failure}, or any of its causes, is an application failure of this type. */
  public boolean isCauseOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure a && id.equals(a.getType())) return true;
    }
    return false;
  }
}
