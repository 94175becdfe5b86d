package dev.longhaul.workflow;

import dev.longhaul.contract.AppendMessage;
import dev.longhaul.contract.ApplyPick;
import dev.longhaul.contract.AttemptInspection;
import dev.longhaul.contract.AttemptsPrepared;
import dev.longhaul.contract.DiffStats;
import dev.longhaul.contract.InspectAttempt;
import dev.longhaul.contract.PrepareAttempts;
import dev.longhaul.contract.RestoreRequest;
import dev.longhaul.contract.ReviewAnswer;
import dev.longhaul.contract.ReviewAttempts;
import dev.longhaul.contract.Spent;
import dev.longhaul.workflow.Attempts.AttemptView;
import dev.longhaul.workflow.Attempts.Phase;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A best-of-N task's first turn: N attempts as child workflows, a review, the pick applied. Every
 * wait is a condition on this object's state or a child's completion, so a worker killed at any
 * point replays to the same place. The attempts are started outside the turn's cancellation scope:
 * an interrupt reaches them as their own {@code interrupt} signal, so each ends its turn cleanly.
 */
final class BestOfRun {
  /** How long an interrupted task waits for its attempts to stop before it goes idle anyway. */
  private static final Duration INTERRUPT_GRACE = Duration.ofMinutes(1);

  private final TaskRun state;
  private final BiConsumer<AppendMessage.Role, String> append;
  private final Runnable recordStatus;
  private final BestOf options;
  private Attempts view;
  private final List<Promise<TaskResult>> children = new ArrayList<>();
  /** The attempts that failed (no result to charge), in the order they did. */
  private final List<String> failed = new ArrayList<>();
  private PickRequest personPick;

  BestOfRun(TaskRun state, BestOf options, BiConsumer<AppendMessage.Role, String> append, Runnable recordStatus) {
    this.state = state;
    this.options = options;
    this.append = append;
    this.recordStatus = recordStatus;
    this.view = options.outcome();
  }

  /** Whether the next turn is the attempts' turn: the task has not run them yet. */
  boolean pending() {
    return view == null;
  }

  /** What the {@code attempts} query answers; null for a task that has not started them. */
  Attempts view() {
    return view;
  }

  /** The options with what happened so far, for the next run. */
  BestOf carried() {
    return options.withOutcome(view);
  }

  /** The turn: attempts, review, pick. */
  TurnOutcome play(TurnRequest request) {
    String prompt = request.message();
    TaskState now = state.carried(false);
    List<String> ids = new ArrayList<>();
    for (int n = 1; n <= options.attempts(); n++) ids.add(BestOf.attemptId(state.taskId(), n));
    AttemptsPrepared prepared = ActivityStubs.attempts(now.placement(), "prepare " + ids.size() + " attempt workspaces")
        .prepareAttempts(new PrepareAttempts(state.taskId(), state.workspace(), ids));
    List<AttemptView> attempts = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      attempts.add(new AttemptView(i + 1, ids.get(i), prepared.workspaces().get(i), prepared.bases().get(i),
          Attempts.RUNNING, null));
    }
    show(Phase.running, attempts);
    // Detached: an interrupt cancels the turn's scope, and must not cancel the children with it.
    Workflow.newDetachedCancellationScope(() -> startAttempts(now, prompt, request)).run();
    boolean allSettled = Workflow.await(options.timeout(), this::allSettled);
    if (!allSettled) {
      timeOutTheRest();
      // A timed-out attempt ends its turn as interrupted. Wait for it (within a grace): so it has
      // stopped writing to its workspace before the review, and has recorded its end before the
      // task may end and close it mid-way, which would leave its row saying running for ever.
      if (Workflow.getVersion("best-of-await-timed-out-attempts", Workflow.DEFAULT_VERSION, 1) == 1) {
        Workflow.await(INTERRUPT_GRACE, () -> children.stream().allMatch(Promise::isCompleted));
      }
    }
    chargeFailedAttempts();
    List<AttemptView> candidates = view.attempts().stream().filter(AttemptView::pickable).toList();
    if (candidates.isEmpty()) {
      String why = "no attempt finished: " + String.join(", ", view.attempts().stream()
          .map(a -> a.attempt() + " " + a.outcome()).toList());
      view = new Attempts(Phase.failed, view.attempts(), null, null, null, why);
      append.accept(AppendMessage.Role.developer, AttemptNotes.none(view));
      return TurnOutcome.needsAttention(why);
    }
    inspect(candidates, now);
    Pick pick = options.humanReview() ? awaitPersonsPick() : modelsPick(now);
    AttemptView winner = view.attempts().get(pick.attempt() - 1);
    show(Phase.applying, view.attempts());
    DiffStats applied;
    try {
      applied = ActivityStubs.attempts(now.placement(), "apply attempt " + pick.attempt())
          .applyPick(new ApplyPick(state.taskId(), state.workspace(), winner.workspace(), winner.base()));
    } catch (ActivityFailure e) {
      if (Failures.isCancellation(e)) throw e;
      // Nothing is lost: the attempt's workspace keeps its changes, for `longhaul diff --attempt`.
      String why = Failures.rootMessage(e);
      view = new Attempts(Phase.failed, view.attempts(), pick.attempt(), pick.reviewer(), pick.reasons(), why);
      return TurnOutcome.needsAttention(why);
    }
    view = new Attempts(Phase.picked, view.attempts(), pick.attempt(), pick.reviewer(), pick.reasons(), null);
    // The task goes on from the winner's context: its items become this task's checkpoint.
    // The winner ran on the task's provider and model, so both stay.
    state.restored(ActivityStubs.task().restore(new RestoreRequest(state.taskId(), winner.taskId(), null)), true);
    append.accept(AppendMessage.Role.developer, AttemptNotes.picked(view, options.check(), applied));
    return TurnOutcome.answered();
  }

  private record Pick(int attempt, String reviewer, String reasons) {}

  private void startAttempts(TaskState now, String prompt, TurnRequest request) {
    String host = now.placement() == null ? null : now.placement().host();
    TaskPolicy policy = new TaskPolicy(now.sandbox(), now.approval(), share(now.budget()), now.rerunOnCrash());
    for (AttemptView attempt : view.attempts()) {
      AgentWorkflow child = Workflow.newChildWorkflowStub(AgentWorkflow.class, ChildWorkflowOptions.newBuilder()
          .setWorkflowId(attempt.taskId())
          .setTaskQueue(AgentWorkflow.TASK_QUEUE)
          // Ending the task (end, cancel, terminate) ends its attempts.
          .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE)
          .setStaticSummary("attempt " + attempt.attempt() + " of " + state.taskId())
          .build());
      TaskInput input = new TaskInput(attempt.workspace(), prompt, request.model() != null ? request.model() : now.model(),
          null, null, null, policy, null)
          .withProvider(now.provider())
          .withAttemptOf(new AttemptOf(state.taskId(), attempt.attempt(), host));
      Promise<TaskResult> result = Async.function(child::run, input);
      int n = attempt.attempt();
      children.add(result.handle((done, failure) -> {
        // What an attempt spent counts against the task's budget, even when it ends after its timeout.
        if (failure == null && done.usage() != null) state.charge(done.usage(), done.costMicros());
        if (failure != null) failed.add(attempt.taskId());
        settle(n, failure == null ? outcome(done) : "failed: " + Failures.rootMessage(unwrap(failure)));
        return done;
      }));
    }
  }

  /**
   * A failed attempt returns no result, so what it spent is read from the usage ledger: it counts
   * against the task's budget like any other attempt's. (Histories from before replay without it.)
   */
  private void chargeFailedAttempts() {
    if (failed.isEmpty()) return;
    if (Workflow.getVersion("best-of-failed-attempts-charged", Workflow.DEFAULT_VERSION, 1) != 1) return;
    for (String attempt : failed) {
      Spent spent = ActivityStubs.task().spentBy(attempt);
      state.charge(spent.usage(), spent.costMicros());
    }
  }

  private static RuntimeException unwrap(RuntimeException failure) {
    return failure instanceof ChildWorkflowFailure && failure.getCause() instanceof RuntimeException cause ? cause : failure;
  }

  private static String outcome(TaskResult result) {
    if (result.status() == TaskStatus.needs_attention) return Attempts.NEEDS_ATTENTION;
    if (result.status() == TaskStatus.failed) return "failed";
    return Attempts.FINISHED;
  }

  /** Each attempt gets an equal share of the task's cost and token limits; time limits are the same. */
  private Budget share(Budget budget) {
    if (budget == null || budget.isUnlimited()) return budget;
    int n = options.attempts();
    return new Budget(budget.maxCostUsd() == null ? null : budget.maxCostUsd() / n,
        budget.maxTokens() == null ? null : budget.maxTokens() / n, budget.maxDuration());
  }

  private void settle(int attempt, String outcome) {
    AttemptView current = view.attempts().get(attempt - 1);
    // An attempt already given up on (timed out, interrupted) keeps that outcome.
    if (!current.outcome().equals(Attempts.RUNNING)) return;
    replace(current.withOutcome(outcome));
  }

  private boolean allSettled() {
    return view.attempts().stream().noneMatch(a -> a.outcome().equals(Attempts.RUNNING));
  }

  /** Attempts still running past the timeout are asked to stop, and left out of the review. */
  private void timeOutTheRest() {
    for (AttemptView attempt : view.attempts()) {
      if (!attempt.outcome().equals(Attempts.RUNNING)) continue;
      replace(attempt.withOutcome(Attempts.TIMED_OUT));
      interruptAttempt(attempt, "the attempt timed out after " + options.timeout());
    }
  }

  /** After the task was interrupted, in a detached scope: every attempt still running stops. */
  void interrupt(String reason) {
    if (view == null || view.phase() != Phase.running) {
      if (view != null && view.phase() != Phase.picked) {
        view = new Attempts(Phase.interrupted, view.attempts(), null, null, null, "interrupted: " + reason);
      }
      return;
    }
    for (AttemptView attempt : view.attempts()) {
      if (!attempt.outcome().equals(Attempts.RUNNING)) continue;
      interruptAttempt(attempt, reason);
    }
    // They end their turns as interrupted; the task does not go on before they have (or the grace is over).
    Workflow.await(INTERRUPT_GRACE, this::allSettled);
    List<AttemptView> stopped = view.attempts().stream()
        .map(a -> a.outcome().equals(Attempts.RUNNING) || a.outcome().equals(Attempts.FINISHED) ? a.withOutcome(Attempts.INTERRUPTED) : a)
        .toList();
    view = new Attempts(Phase.interrupted, stopped, null, null, null, "interrupted: " + reason);
  }

  private static void interruptAttempt(AttemptView attempt, String reason) {
    try {
      Workflow.newExternalWorkflowStub(AgentWorkflow.class, attempt.taskId()).interrupt(new InterruptRequest(reason));
    } catch (SignalExternalWorkflowException endedMeanwhile) {
      // It finished on its own between the check and the signal; its result says how.
    }
  }

  private void inspect(List<AttemptView> candidates, TaskState now) {
    show(Phase.checking, view.attempts());
    List<Promise<AttemptInspection>> inspections = new ArrayList<>();
    for (AttemptView attempt : candidates) {
      inspections.add(Async.function(ActivityStubs.attempts(now.placement(), "inspect attempt " + attempt.attempt()
          + (options.check() == null ? "" : " · " + options.check()))::inspectAttempt,
          new InspectAttempt(attempt.taskId(), attempt.workspace(), attempt.base(), options.check(), now.sandbox())));
    }
    for (int i = 0; i < candidates.size(); i++) {
      replace(view.attempts().get(candidates.get(i).attempt() - 1).withInspection(inspections.get(i).get()));
    }
  }

  private Pick modelsPick(TaskState now) {
    show(Phase.reviewing, view.attempts());
    List<ReviewAttempts.ReviewedAttempt> offered = view.attempts().stream().filter(AttemptView::pickable)
        .map(a -> new ReviewAttempts.ReviewedAttempt(a.attempt(), a.taskId(), a.workspace(), a.base(), a.outcome(), a.inspection()))
        .toList();
    ReviewAnswer answer = ActivityStubs.review(now.placement(), "review " + offered.size() + " attempts")
        .reviewAttempts(new ReviewAttempts(state.taskId(), state.turn(), now.step(), now.model(), offered, options.check(), now.provider()));
    // Histories from before the review was charged replay without the charge, so their budget checks stay as they were.
    if (Workflow.getVersion("best-of-review-charged", Workflow.DEFAULT_VERSION, 1) == 1 && answer.usage() != null) {
      state.charge(answer.usage(), answer.costMicros());
    }
    return new Pick(answer.attempt(), "model", answer.reasons());
  }

  /** A durable wait: state and a condition, no activity, however long the person takes. */
  private Pick awaitPersonsPick() {
    show(Phase.awaiting_pick, view.attempts());
    Workflow.await(() -> personPick != null);
    String reason = personPick.reason() == null || personPick.reason().isBlank() ? "(no reason given)" : personPick.reason();
    return new Pick(personPick.attempt(), "person", Text.clip(reason, AttemptNotes.REASON_CHARS));
  }

  /** Why a pick cannot be taken, in one line; empty when it can. */
  Optional<String> pickRefusal(PickRequest pick) {
    if (pick == null) return Optional.of("a pick needs an attempt number");
    if (view == null || view.phase() != Phase.awaiting_pick) {
      String now = view == null ? "it has no attempts" : "its review is " + view.phase().name().replace('_', ' ');
      return Optional.of("task " + state.taskId() + " is not waiting for a pick: " + now);
    }
    // Two picks can be validated in one workflow task, before the first one's handler has moved
    // the phase on: the second must not replace the first after the first was answered as taken.
    if (personPick != null) {
      return Optional.of("task " + state.taskId() + " is not waiting for a pick: attempt " + personPick.attempt() + " was picked already");
    }
    if (pick.attempt() < 1 || pick.attempt() > view.attempts().size()) {
      return Optional.of("task " + state.taskId() + " has no attempt " + pick.attempt()
          + " (its attempts are 1 to " + view.attempts().size() + ")");
    }
    AttemptView attempt = view.attempts().get(pick.attempt() - 1);
    if (!attempt.pickable()) return Optional.of("attempt " + pick.attempt() + " cannot be picked: it " + attempt.outcome());
    return Optional.empty();
  }

  PickAnswered pick(PickRequest pick) {
    personPick = pick;
    return new PickAnswered(pick.attempt(), view.attempts().get(pick.attempt() - 1).taskId());
  }

  private void replace(AttemptView attempt) {
    List<AttemptView> attempts = new ArrayList<>(view.attempts());
    attempts.set(attempt.attempt() - 1, attempt);
    view = new Attempts(view.phase(), List.copyOf(attempts), view.picked(), view.reviewer(), view.reasons(), view.error());
  }

  private void show(Phase phase, List<AttemptView> attempts) {
    view = new Attempts(phase, List.copyOf(attempts), null, null, null, null);
    recordStatus.run();
  }
}
