package dev.longhaul.worker;

import dev.longhaul.activities.AttemptActivitiesImpl;
import dev.longhaul.activities.CompactionActivitiesImpl;
import dev.longhaul.activities.Confinement;
import dev.longhaul.activities.ContextCache;
import dev.longhaul.activities.ContextLimits;
import dev.longhaul.activities.Metrics;
import dev.longhaul.activities.ModelActivitiesImpl;
import dev.longhaul.activities.Redactor;
import dev.longhaul.activities.TaskActivitiesImpl;
import dev.longhaul.activities.TaskWorkspaces;
import dev.longhaul.activities.ToolActivitiesImpl;
import dev.longhaul.activities.ToolsHereImpl;
import dev.longhaul.activities.WorkspaceActivitiesImpl;
import dev.longhaul.contract.HostBinding;
import dev.longhaul.store.HostStore;
import dev.longhaul.store.SnapshotStore;
import dev.longhaul.model.ModelConfig;
import dev.longhaul.model.Pricing;
import dev.longhaul.model.ProviderId;
import dev.longhaul.model.ProviderSettings;
import dev.longhaul.model.Providers;
import dev.longhaul.prompt.ItemTokens;
import dev.longhaul.prompt.TokenCounter;
import dev.longhaul.prompt.Truncation;
import dev.longhaul.store.Database;
import dev.longhaul.store.Store;
import dev.longhaul.tools.ToolRegistry;
import dev.longhaul.tools.ToolSource;
import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.AgentWorkflowImpl;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Puts the agent workflow and its activities on a Temporal worker. The one place they are wired. */
public final class LonghaulWorker {
  private LonghaulWorker() {}

  /**
   * Registers everything on a new worker of {@code factory} polling {@link
   * AgentWorkflow#TASK_QUEUE}, its activities storing to {@code database}, and the activities that
   * touch a workspace on a second worker polling this host's own queue. The caller starts the
   * factory.
   */
  public static Worker register(WorkerFactory factory, Database database, WorkerSettings settings) {
    return register(factory, WorkerOptions.getDefaultInstance(), database, settings);
  }

  /** As {@link #register(WorkerFactory, Database, WorkerSettings)}, with these worker options. */
  public static Worker register(
      WorkerFactory factory, WorkerOptions options, Database database, WorkerSettings settings) {
    Store store = new Store(database);
    Worker worker = factory.newWorker(AgentWorkflow.TASK_QUEUE, options);
    worker.registerWorkflowImplementationTypes(AgentWorkflowImpl.class);
    TokenCounter counter = new TokenCounter();
    ItemTokens itemTokens = new ItemTokens(counter);
    ToolRegistry tools = ToolRegistry.standardWith(settings.extraTools());
    Providers providers = Providers.connect(settings.providers());
    // One cache for the model and compaction activities: each reads only what is new since.
    ContextCache cache = new ContextCache(store, 256);
    Metrics metrics = settings.metrics().longhaul();
    HostActivities host = registerHost(factory, options, database, store, tools, counter, providers, settings);
    // On the shared queue too: tasks from before hosts run their tools there, and binding and
    // restoring on a host that is gone go to whichever worker picks them up.
    worker.registerActivitiesImplementations(host.all());
    // Read-only calls run as local activities of the workflow's worker, when this host holds the
    // task's workspace.
    worker.registerActivitiesImplementations(
        new ToolsHereImpl(settings.host().hostId(), host.tools()));
    worker.registerActivitiesImplementations(
        new ModelActivitiesImpl(store, cache, providers, tools, itemTokens, settings.pricing(), metrics),
        new CompactionActivitiesImpl(
            store, cache, providers, tools, itemTokens, new Truncation(counter), settings.pricing(),
            settings.compaction(), metrics),
        new TaskActivitiesImpl(
            store, itemTokens, providers.settings(), settings.searchAttributes(), settings.limits(),
            settings.confinement(), metrics, TaskWorkspaces.under(settings.host().workspaceRoot()),
            settings.host().hostId()));
    // Once, now: a worker knows from its start whether it can confine, and says so (describe()).
    settings.confinement().sandbox().check();
    return worker;
  }

  /**
   * Registers, on a worker of {@code factory} polling only this host's queue, the activities that
   * touch a workspace: what a second host's worker in the same process (a test's) needs.
   */
  public static Worker registerHost(
      WorkerFactory factory, WorkerOptions options, Database database, WorkerSettings settings) {
    Store store = new Store(database);
    TokenCounter counter = new TokenCounter();
    registerHost(factory, options, database, store, ToolRegistry.standardWith(settings.extraTools()), counter,
        Providers.connect(settings.providers()), settings);
    return factory.getWorker(HostBinding.queue(settings.host().hostId()));
  }

  /** What a host's queue runs: all of it, and its tools apart (for the local activity that runs them). */
  private record HostActivities(ToolActivitiesImpl tools, Object[] all) {}

  /** @return the activities registered, for the shared queue's worker to register as well */
  private static HostActivities registerHost(WorkerFactory factory, WorkerOptions options, Database database,
      Store store, ToolRegistry tools, TokenCounter counter, Providers providers, WorkerSettings settings) {
    HostSettings host = settings.host();
    HostStore hosts = new HostStore(database);
    hosts.seen(host.hostId(), host.workspaceRoot().toString());
    HostHeartbeat.start(factory, hosts, host);
    ToolActivitiesImpl toolActivities = new ToolActivitiesImpl(store, tools, counter, settings.toolOutputBudget(),
        settings.redactor().withAll(settings.providers().apiKeys()), settings.confinement(), settings.metrics().longhaul());
    Object[] activities = {
      toolActivities,
      new WorkspaceActivitiesImpl(hosts, new SnapshotStore(database), host.hostId(), host.workspaceRoot(),
          host.snapshotLimitBytes(), host.hostTimeout()),
      new AttemptActivitiesImpl(store, host.workspaceRoot(), settings.confinement(),
          providers, settings.pricing(), settings.metrics().longhaul())
    };
    factory.newWorker(HostBinding.queue(host.hostId()), options).registerActivitiesImplementations(activities);
    return new HostActivities(toolActivities, activities);
  }

  /**
   * Options for a worker of Temporal's Java test server ({@code longhaul dev --java-test-server},
   * or a dev stack that found no Temporal CLI) in another process: no sticky queue. Against the
   * CLI's dev server, as against any real server, a worker keeps its sticky queue. The test server never moves a workflow task off the sticky queue of a worker
   * that has died (a real server does after five seconds), so a task whose worker was killed would
   * wait there forever, for its next step and for every query. Without one, each workflow task
   * goes to the shared queue and replays the run's history, which continue-as-new keeps short.
   */
  public static WorkerOptions withoutStickyQueue() {
    // A zero schedule-to-start timeout makes the SDK leave the sticky attributes out of its
    // workflow task completions, so the server keeps the shared queue.
    return WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build();
  }

  /**
   * What a worker reads from its environment.
   *
   * @param providers the model providers this worker reaches, and the default one
   * @param toolOutputBudget the most tokens one tool output may add to the context
   * @param searchAttributes whether the server has Longhaul's search attributes registered
   * @param limits the context window and the size at which a task compacts
   * @param compaction whether to use the provider's compaction endpoint ({@code
   *     LONGHAUL_COMPACTION}: auto, remote or local)
   * @param pricing the price table for cost estimates
   * @param extraTools tool sources besides the built-in tools
   * @param redactor the secrets masked in tool outputs
   * @param confinement the sandbox ({@code LONGHAUL_SANDBOX}) and approval policy ({@code
   *     LONGHAUL_APPROVAL}) of a task that names none, and how commands are confined
   * @param metrics where the activities record Longhaul's metrics (off unless the command serves
   *     them); its SDK scope belongs on the service stubs of the worker's client
   * @param host which host this worker is, where it restores workspaces, its snapshot limit
   */
  public record WorkerSettings(
      ProviderSettings providers,
      int toolOutputBudget,
      boolean searchAttributes,
      ContextLimits limits,
      CompactionActivitiesImpl.Mode compaction,
      Pricing pricing,
      List<ToolSource> extraTools,
      Redactor redactor,
      Confinement confinement,
      WorkerMetrics metrics,
      HostSettings host) {

    public static WorkerSettings fromEnvironment(Map<String, String> env) {
      String budget = env.get("LONGHAUL_TOOL_OUTPUT_TOKENS");
      String compaction = env.getOrDefault("LONGHAUL_COMPACTION", "auto");
      CompactionActivitiesImpl.Mode mode;
      try {
        mode = CompactionActivitiesImpl.Mode.valueOf(compaction);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "LONGHAUL_COMPACTION must be auto, remote or local, not \"" + compaction + "\"");
      }
      return new WorkerSettings(
          ProviderSettings.fromEnvironment(env),
          budget == null ? Truncation.DEFAULT_BUDGET : positive("LONGHAUL_TOOL_OUTPUT_TOKENS", budget),
          false,
          ContextLimits.fromEnvironment(env),
          mode,
          Pricing.fromEnvironment(env),
          List.of(),
          Redactor.fromEnvironment(env),
          Confinement.fromEnvironment(env),
          WorkerMetrics.off(),
          HostSettings.fromEnvironment(env));
    }

    private static int positive(String name, String value) {
      try {
        int n = Integer.parseInt(value.strip());
        if (n > 0) return n;
      } catch (NumberFormatException notANumber) {
        // reported below
      }
      throw new IllegalArgumentException(name + " must be a positive whole number, not \"" + value + "\"");
    }

    /** Defaults for everything but the model, which OpenAI's Responses API serves. */
    public static WorkerSettings of(ModelConfig model) {
      return new WorkerSettings(
          ProviderSettings.only(ProviderId.OPENAI_RESPONSES, model), Truncation.DEFAULT_BUDGET, false, ContextLimits.of(ContextLimits.DEFAULT_WINDOW),
          CompactionActivitiesImpl.Mode.auto, Pricing.fromEnvironment(Map.of()), List.of(),
          new Redactor(List.of()), Confinement.defaults(), WorkerMetrics.off(), HostSettings.defaults());
    }

    /** The providers this worker reaches, and the default one. */
    public WorkerSettings withProviders(ProviderSettings providers) {
      return new WorkerSettings(providers, toolOutputBudget, searchAttributes, limits, compaction, pricing, extraTools, redactor, confinement, metrics, host);
    }

    public WorkerSettings withSearchAttributes(boolean registered) {
      return new WorkerSettings(providers, toolOutputBudget, registered, limits, compaction, pricing, extraTools, redactor, confinement, metrics, host);
    }

    public WorkerSettings withToolOutputBudget(int tokens) {
      return new WorkerSettings(providers, tokens, searchAttributes, limits, compaction, pricing, extraTools, redactor, confinement, metrics, host);
    }

    public WorkerSettings withLimits(ContextLimits limits) {
      return new WorkerSettings(providers, toolOutputBudget, searchAttributes, limits, compaction, pricing, extraTools, redactor, confinement, metrics, host);
    }

    public WorkerSettings withCompaction(CompactionActivitiesImpl.Mode compaction) {
      return new WorkerSettings(providers, toolOutputBudget, searchAttributes, limits, compaction, pricing, extraTools, redactor, confinement, metrics, host);
    }

    /** Also masks {@code secret} (such as a store URL found elsewhere than the environment). */
    public WorkerSettings withSecret(String secret) {
      return new WorkerSettings(providers, toolOutputBudget, searchAttributes, limits, compaction, pricing, extraTools, redactor.with(secret), confinement, metrics, host);
    }

    public WorkerSettings withConfinement(Confinement confinement) {
      return new WorkerSettings(providers, toolOutputBudget, searchAttributes, limits, compaction, pricing, extraTools, redactor, confinement, metrics, host);
    }

    public WorkerSettings withExtraTools(List<ToolSource> sources) {
      return new WorkerSettings(providers, toolOutputBudget, searchAttributes, limits, compaction, pricing, sources, redactor, confinement, metrics, host);
    }

    public WorkerSettings withPricing(Pricing pricing) {
      return new WorkerSettings(providers, toolOutputBudget, searchAttributes, limits, compaction, pricing, extraTools, redactor, confinement, metrics, host);
    }

    /** Workspaces of this host (clones, restored snapshots) go under {@code root}. */
    public WorkerSettings withWorkspaceRoot(Path root) {
      return withHost(host.withWorkspaceRoot(root));
    }

    public WorkerSettings withHost(HostSettings host) {
      return new WorkerSettings(providers, toolOutputBudget, searchAttributes, limits, compaction, pricing, extraTools, redactor, confinement, metrics, host);
    }

    public WorkerSettings withMetrics(WorkerMetrics metrics) {
      return new WorkerSettings(providers, toolOutputBudget, searchAttributes, limits, compaction, pricing, extraTools, redactor, confinement, metrics, host);
    }
  }
}
