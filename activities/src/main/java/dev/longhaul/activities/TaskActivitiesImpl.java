package dev.longhaul.activities;

import dev.longhaul.contract.AppendMessage;
import dev.longhaul.contract.FailureType;
import dev.longhaul.contract.Spent;
import dev.longhaul.contract.Usage;
import dev.longhaul.git.GitException;
import io.temporal.activity.Activity;
import dev.longhaul.contract.MessageAppended;
import dev.longhaul.contract.OpenTask;
import dev.longhaul.contract.RestoreRequest;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.contract.Restored;
import dev.longhaul.contract.StatusUpdate;
import dev.longhaul.contract.TaskActivities;
import dev.longhaul.contract.TaskOpened;
import dev.longhaul.model.ModelConfig;
import dev.longhaul.model.ProviderId;
import dev.longhaul.model.ProviderSettings;
import dev.longhaul.model.Providers;
import dev.longhaul.prompt.ItemTokens;
import dev.longhaul.store.Item;
import dev.longhaul.store.Store;
import dev.longhaul.store.TaskOrigin;
import dev.longhaul.store.UsageRow;
import dev.longhaul.workflow.TaskStatus;
import java.util.List;
import java.util.Map;

public final class TaskActivitiesImpl implements TaskActivities {
  private final Store store;
  private final ItemFactory itemFactory;
  private final ProviderSettings providers;
  private final boolean searchAttributes;
  private final ContextLimits limits;
  private final ContextRestore restore;
  private final Confinement confinement;
  private final Metrics metrics;
  private final TaskWorkspaces workspaces;
  /** The host this worker is; null where hosts are not used. */
  private final String host;

  /**
   * @param searchAttributes whether the server has Longhaul's search attributes registered
   * @param confinement the sandbox and approval policy of a task that names none, and whether
   *     this worker can confine
   */
  public TaskActivitiesImpl(
      Store store, ItemTokens itemTokens, String defaultModel, boolean searchAttributes,
      ContextLimits limits, Confinement confinement) {
    this(store, itemTokens, defaultModel, searchAttributes, limits, confinement, Metrics.none());
  }

  /**
   * As above, counting in {@code metrics} the tasks refused for want of a sandbox, and reporting
   * there the tasks that wait for an approval (from the statuses {@link #recordStatus} stores).
   */
  public TaskActivitiesImpl(
      Store store, ItemTokens itemTokens, String defaultModel, boolean searchAttributes,
      ContextLimits limits, Confinement confinement, Metrics metrics) {
    this(store, itemTokens, defaultModel, searchAttributes, limits, confinement, metrics,
        TaskWorkspaces.under(TaskWorkspaces.defaultRoot(System.getenv())));
  }

  /** As above, making each task's workspace (a clone of its repository) with {@code workspaces}. */
  public TaskActivitiesImpl(
      Store store, ItemTokens itemTokens, String defaultModel, boolean searchAttributes,
      ContextLimits limits, Confinement confinement, Metrics metrics, TaskWorkspaces workspaces) {
    this(store, itemTokens, defaultModel, searchAttributes, limits, confinement, metrics, workspaces, null);
  }

  /**
   * As above, on the worker of {@code host}, which {@link #openTask} reports: a clone made here
   * is on this host, and the task binds to it.
   */
  public TaskActivitiesImpl(
      Store store, ItemTokens itemTokens, String defaultModel, boolean searchAttributes,
      ContextLimits limits, Confinement confinement, Metrics metrics, TaskWorkspaces workspaces, String host) {
    this(store, itemTokens, ProviderSettings.only(ProviderId.OPENAI_RESPONSES,
            ModelConfig.fromEnvironment(Map.of()).withModel(defaultModel)),
        searchAttributes, limits, confinement, metrics, workspaces, host);
  }

  /**
   * As above, resolving each task's provider (and its default model) against {@code providers}:
   * a task that names a provider this worker cannot reach fails when it opens, in one line.
   */
  public TaskActivitiesImpl(
      Store store, ItemTokens itemTokens, ProviderSettings providers, boolean searchAttributes,
      ContextLimits limits, Confinement confinement, Metrics metrics, TaskWorkspaces workspaces, String host) {
    this.host = host;
    this.workspaces = workspaces;
    this.metrics = metrics;
    metrics.tasksAwaitingApproval(
        () -> store.tasks().countWithStatus(TaskStatus.awaiting_approval.label()));
    this.store = store;
    this.itemFactory = new ItemFactory(itemTokens);
    this.providers = providers;
    this.searchAttributes = searchAttributes;
    this.limits = limits;
    this.restore = new ContextRestore(store, itemFactory);
    this.confinement = confinement;
  }

  /**
   * Resolves the task's settings against this worker's defaults. A task that must be confined on a
   * worker that cannot confine fails here, at once, before anything runs.
   */
  @Override
  public TaskOpened openTask(OpenTask request) {
    ProviderId provider;
    try {
      provider = providers.resolve(request.provider());
    } catch (IllegalArgumentException unreachable) {
      throw FailureType.PROVIDER_UNAVAILABLE.failure(unreachable.getMessage());
    }
    String model = request.model() == null ? providers.config(provider).model() : request.model();
    SandboxPolicy sandbox = confinement.sandboxFor(request.sandbox());
    try {
      confinement.requireWorking(sandbox);
    } catch (RuntimeException cannotConfine) {
      metrics.sandboxDenial(Metrics.SandboxDenial.unavailable);
      throw cannotConfine;
    }
    // The row first, so that a clone that fails leaves a failed task to look at, not nothing.
    String workspace = workspaces.place(request.taskId(), request.workspace(), request.repo());
    store.tasks().openTask(request.taskId(), workspace, request.title(), model);
    store.tasks().recordOrigin(request.taskId(), makeWorkspace(request, workspace));
    return new TaskOpened(
        model, searchAttributes, limits.autoCompact(), sandbox, confinement.approvalFor(request.approval()),
        workspace, host, provider.label());
  }

  /** Clones the task's repository, heartbeating meanwhile; a clone that fails fails the task. */
  private TaskOrigin makeWorkspace(OpenTask request, String workspace) {
    if (request.repo() == null) return workspaces.make(request.taskId(), workspace, null, null);
    try (Heartbeats beats = new Heartbeats(Activity.getExecutionContext())) {
      return workspaces.make(request.taskId(), workspace, request.repo(), request.ref());
    } catch (GitException cannotClone) {
      throw FailureType.WORKSPACE_UNAVAILABLE.failure(cannotClone.getMessage());
    }
  }

  @Override
  public MessageAppended appendMessage(AppendMessage request) {
    ProviderId provider = Providers.id(request.provider());
    Item item = request.role() == AppendMessage.Role.user
        ? itemFactory.userMessage(request.seq(), request.turn(), provider, request.text())
        : itemFactory.developerMessage(request.seq(), request.turn(), provider, request.text());
    // Anything past this seq was left by a cancelled step and is not part of the transcript.
    String writer = Items.writer(request.taskId());
    Items.write(() -> store.items().replaceFrom(request.taskId(), request.seq(), List.of(item), writer));
    return new MessageAppended(request.seq(), item.tokens());
  }

  @Override
  public void recordStatus(StatusUpdate update) {
    store.tasks().recordStatus(update);
  }

  @Override
  public Spent spentBy(String taskId) {
    Usage usage = Usage.none();
    long micros = 0;
    boolean unknown = false;
    for (UsageRow row : store.usage().usage(taskId)) {
      usage = usage.plus(new Usage(row.input(), row.cached(), row.output(), row.reasoning(), row.cacheWrite()));
      if (row.costMicros() == null) unknown = true;
      else micros += row.costMicros();
    }
    return new Spent(usage, unknown ? -1 : micros);
  }

  @Override
  public Restored restore(RestoreRequest request) {
    Restored restored = restore.restore(request);
    if (restored.provider() == null) return restored;
    ProviderId provider = ProviderId.parse(restored.provider());
    return providers.reachable().containsKey(provider)
        ? restored.withModel(providers.config(provider).model())
        : restored;
  }
}
