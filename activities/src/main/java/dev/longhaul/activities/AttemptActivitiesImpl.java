package dev.longhaul.activities;

import dev.longhaul.contract.ApplyPick;
import dev.longhaul.contract.AttemptActivities;
import dev.longhaul.contract.AttemptInspection;
import dev.longhaul.contract.AttemptsPrepared;
import dev.longhaul.contract.DiffStats;
import dev.longhaul.contract.FailureType;
import dev.longhaul.contract.InspectAttempt;
import dev.longhaul.contract.PrepareAttempts;
import dev.longhaul.contract.ReviewAnswer;
import dev.longhaul.contract.ReviewAttempts;
import dev.longhaul.contract.ReviewAttempts.ReviewedAttempt;
import dev.longhaul.git.Git;
import dev.longhaul.git.GitException;
import dev.longhaul.model.ModelException;
import dev.longhaul.model.Pricing;
import dev.longhaul.model.ModelProvider;
import dev.longhaul.model.Providers;
import dev.longhaul.store.Store;
import dev.longhaul.tools.sandbox.SandboxUnavailableException;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Best of N's steps on the task's host: the attempts' workspaces, their checks, the review, the pick. */
public final class AttemptActivitiesImpl implements AttemptActivities {
  private final Store store;
  private final AttemptWorkspaces workspaces;
  private final Confinement confinement;
  private final Providers providers;
  private final UsageLedger ledger;

  public AttemptActivitiesImpl(Store store, Path workspaceRoot, Confinement confinement, Providers providers,
      Pricing pricing, Metrics metrics) {
    this.store = store;
    this.workspaces = new AttemptWorkspaces(Git.fromSystem(), workspaceRoot);
    this.confinement = confinement;
    this.providers = providers;
    this.ledger = new UsageLedger(store.usage(), pricing, metrics);
  }

  @Override
  public AttemptsPrepared prepareAttempts(PrepareAttempts request) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    List<String> places = new ArrayList<>();
    List<String> bases = new ArrayList<>();
    String kind = null;
    for (String attemptId : request.attemptTaskIds()) {
      try {
        AttemptWorkspaces.Made made = workspaces.make(Path.of(request.workspace()), attemptId);
        places.add(made.workspace().toString());
        bases.add(made.base());
        kind = made.kind();
      } catch (GitException e) {
        throw FailureType.WORKSPACE_UNAVAILABLE.failure("cannot make the workspace of " + attemptId + ": " + e.getMessage());
      }
      activity.heartbeat(attemptId);
    }
    return new AttemptsPrepared(places, bases, kind);
  }

  @Override
  public AttemptInspection inspectAttempt(InspectAttempt request) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    DiffStats diff;
    try {
      diff = DiffStats.of(workspaces.diff(Path.of(request.workspace()), request.base()));
    } catch (Git.OutputTooLarge e) {
      diff = DiffStats.tooLarge(e.bytes());
    }
    if (request.check() == null) return new AttemptInspection(diff, null, null);
    try {
      CheckRun.Result result = new CheckRun(confinement.sandbox()).run(
          confinement.sandboxFor(request.sandbox()), Path.of(request.workspace()), request.check(),
          () -> activity.heartbeat(null));
      return new AttemptInspection(diff, result.exit(), result.tail());
    } catch (SandboxUnavailableException e) {
      throw FailureType.SANDBOX_UNAVAILABLE.failure(e.getMessage());
    }
  }

  @Override
  public ReviewAnswer reviewAttempts(ReviewAttempts request) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    Set<Integer> offered = new TreeSet<>();
    request.attempts().forEach(a -> offered.add(a.attempt()));
    String message = ReviewMessage.of(prompt(request.taskId()), request.check(), request.attempts(),
        a -> lastAnswer(a.attemptTaskId()), this::diffForReview);
    ModelProvider client = ModelActivitiesImpl.provider(providers, request.provider());
    String model = request.model() != null ? request.model() : client.config().model();
    long started = System.nanoTime();
    ReviewModel.Answer answer;
    try (Heartbeats beating = new Heartbeats(activity)) {
      try {
        answer = new ReviewModel(client).pick(model, request.taskId(), message, offered, beating.hooks());
      } catch (ModelException e) {
        beating.check();
        throw ModelActivitiesImpl.failure(e, activity.getInfo().getAttempt());
      }
    }
    long cost = ledger.record(request.taskId(), request.turn(), request.step(), "review", model,
        activity.getInfo().getAttempt(), answer.response().usage(), (System.nanoTime() - started) / 1_000_000);
    return new ReviewAnswer(answer.attempt(), clip(answer.reasons()), answer.response().usage(), cost);
  }

  @Override
  public DiffStats applyPick(ApplyPick request) {
    String patch;
    try {
      patch = workspaces.diff(Path.of(request.attemptWorkspace()), request.base());
    } catch (Git.OutputTooLarge e) {
      throw FailureType.WORKSPACE_UNAVAILABLE.failure("cannot apply the picked attempt: " + AttemptWorkspaces.tooLarge(e)
          + "; they stay in " + request.attemptWorkspace());
    }
    try {
      workspaces.applyOnce(Path.of(request.workspace()), patch);
    } catch (GitException e) {
      throw FailureType.WORKSPACE_UNAVAILABLE.failure(
          "cannot apply the picked attempt's changes to " + request.workspace() + ": " + e.getMessage());
    }
    return DiffStats.of(patch);
  }

  private String diffForReview(ReviewedAttempt attempt) {
    try {
      return workspaces.diff(Path.of(attempt.workspace()), attempt.base());
    } catch (Git.OutputTooLarge e) {
      return "(not shown: " + AttemptWorkspaces.tooLarge(e) + ")";
    }
  }

  /** The task's prompt: the first user message of its transcript. */
  private String prompt(String taskId) {
    return store.items().items(taskId, 0, Long.MAX_VALUE).stream()
        .filter(i -> i.kind().equals(dev.longhaul.store.ItemKind.USER_MESSAGE))
        .findFirst().map(AttemptActivitiesImpl::text).orElse("(no prompt)");
  }

  /** An attempt's final message: the last assistant message of its transcript. */
  private String lastAnswer(String attemptTaskId) {
    List<dev.longhaul.store.Item> items = store.items().items(attemptTaskId, 0, Long.MAX_VALUE);
    for (int i = items.size() - 1; i >= 0; i--) {
      if (items.get(i).kind().equals(dev.longhaul.store.ItemKind.ASSISTANT_MESSAGE)) {
        return text(items.get(i));
      }
    }
    return "(no final message)";
  }

  private static String text(dev.longhaul.store.Item item) {
    return ItemFactory.format(item).text(Items.parse(item.raw()));
  }

  private static String clip(String reasons) {
    int max = 1_500;
    return reasons.length() <= max ? reasons : reasons.substring(0, max) + "…";
  }
}
