package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;

/**
 * What starts a task. The workflow id, chosen by the client, is the task id.
 *
 * @param prompt the first turn's message; null to start idle (a resumed task may)
 * @param model the model to use; null for the worker's default
 * @param idleTimeout how long the task waits for a next turn before it ends; null for {@link
 *     #DEFAULT_IDLE_TIMEOUT}
 * @param restore where to take the context from when the task resumes or forks one; else null
 * @param carried the state of the previous run when this run was continued as new, else null
 * @param policy sandbox, approvals, budget and crash handling; null for the worker's defaults
 * @param historyEventLimit continue as new once a run's history has this many events, besides
 *     when Temporal suggests it; null for Temporal's suggestion alone
 * @param repo a git repository (URL or path on the worker) the worker clones as the workspace when
 *     the task opens; null for a workspace that is a directory already. With a repo, {@code
 *     workspace} is where to clone it (null for the worker's workspace root)
 * @param ref the branch, tag or commit to check out in the clone; null for the remote's default
 * @param provider the model API ({@code openai-responses}, {@code openai-chat}, {@code
 *     anthropic}); null for the worker's default. Fixed when the task opens
 * @param bestOf run the first turn as several attempts and pick one; null for an ordinary task
 * @param attemptOf set when this task is one attempt of a best-of-N task; null otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskInput(
    String workspace,
    String prompt,
    String model,
    Duration idleTimeout,
    RestoreFrom restore,
    TaskState carried,
    TaskPolicy policy,
    Integer historyEventLimit,
    String repo,
    String ref,
    String provider,
    BestOf bestOf,
    AttemptOf attemptOf) {

  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofDays(7);

  /** Prompts larger than this are refused before a task starts: they would bloat history. */
  public static final int MAX_PROMPT_CHARS = 256 * 1024;

  /** A task whose workspace is a directory (no clone). */
  public TaskInput(
      String workspace, String prompt, String model, Duration idleTimeout, RestoreFrom restore,
      TaskState carried, TaskPolicy policy, Integer historyEventLimit) {
    this(workspace, prompt, model, idleTimeout, restore, carried, policy, historyEventLimit, null, null);
  }

  /** A task that is not best of N, on the worker's default provider. */
  public TaskInput(
      String workspace, String prompt, String model, Duration idleTimeout, RestoreFrom restore,
      TaskState carried, TaskPolicy policy, Integer historyEventLimit, String repo, String ref) {
    this(workspace, prompt, model, idleTimeout, restore, carried, policy, historyEventLimit, repo, ref, null, null, null);
  }

  public static TaskInput of(String workspace, String prompt) {
    return new TaskInput(workspace, prompt, null, null, null, null, null, null);
  }

  /** The workspace is a clone of {@code repo} at {@code ref} (null: its default branch). */
  public TaskInput withRepo(String repo, String ref) {
    return new TaskInput(workspace, prompt, model, idleTimeout, restore, carried, policy, historyEventLimit, repo, ref, provider, bestOf, attemptOf);
  }

  public TaskInput withProvider(String provider) {
    return new TaskInput(workspace, prompt, model, idleTimeout, restore, carried, policy, historyEventLimit, repo, ref, provider, bestOf, attemptOf);
  }

  public TaskInput withModel(String model) {
    return new TaskInput(workspace, prompt, model, idleTimeout, restore, carried, policy, historyEventLimit, repo, ref, provider, bestOf, attemptOf);
  }

  public TaskInput withIdleTimeout(Duration idleTimeout) {
    return new TaskInput(workspace, prompt, model, idleTimeout, restore, carried, policy, historyEventLimit, repo, ref, provider, bestOf, attemptOf);
  }

  public TaskInput withRestore(RestoreFrom restore) {
    return new TaskInput(workspace, prompt, model, idleTimeout, restore, carried, policy, historyEventLimit, repo, ref, provider, bestOf, attemptOf);
  }

  public TaskInput withPolicy(TaskPolicy policy) {
    return new TaskInput(workspace, prompt, model, idleTimeout, restore, carried, policy, historyEventLimit, repo, ref, provider, bestOf, attemptOf);
  }

  public TaskInput withHistoryEventLimit(Integer limit) {
    return new TaskInput(workspace, prompt, model, idleTimeout, restore, carried, policy, limit, repo, ref, provider, bestOf, attemptOf);
  }

  /** Runs the first turn as {@code bestOf.attempts()} attempts, reviewed; null for one. */
  public TaskInput withBestOf(BestOf bestOf) {
    return new TaskInput(workspace, prompt, model, idleTimeout, restore, carried, policy, historyEventLimit, repo, ref, provider, bestOf, attemptOf);
  }

  TaskInput withAttemptOf(AttemptOf attemptOf) {
    return new TaskInput(workspace, prompt, model, idleTimeout, restore, carried, policy, historyEventLimit, repo, ref, provider, bestOf, attemptOf);
  }

  /**
   * The next run's input: only the carried state (which holds the policy as resolved), so each
   * run's input stays small; and what a best-of-N task or an attempt must still know.
   */
  TaskInput continuedWith(TaskState state) {
    return new TaskInput(workspace, null, model, idleTimeout, null, state, null, historyEventLimit, null, null, null, bestOf, attemptOf);
  }
}
