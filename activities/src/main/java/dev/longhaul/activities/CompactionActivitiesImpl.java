package dev.longhaul.activities;

import dev.longhaul.contract.CompactRequest;
import dev.longhaul.contract.CompactResult;
import dev.longhaul.contract.CompactionActivities;
import dev.longhaul.contract.ContextRef;
import dev.longhaul.model.CallHooks;
import dev.longhaul.model.ModelException;
import dev.longhaul.model.ModelResponse;
import dev.longhaul.model.Pricing;
import dev.longhaul.model.ModelProvider;
import dev.longhaul.model.ModelRequest;
import dev.longhaul.model.ProviderId;
import dev.longhaul.model.Providers;
import dev.longhaul.prompt.ItemTokens;
import dev.longhaul.prompt.Truncation;
import dev.longhaul.tools.ToolRegistry;
import dev.longhaul.store.Checkpoint;
import dev.longhaul.store.Item;
import dev.longhaul.store.Store;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

public final class CompactionActivitiesImpl implements CompactionActivities {
  /** How a worker compacts: with the provider's endpoint when it has one, or always locally. */
  public enum Mode {
    auto,
    remote,
    local
  }

  private final Store store;
  private final ContextCache cache;
  private final Providers providers;
  private final ItemFactory itemFactory;
  private final LocalCompaction local;
  private final Notes notes;
  private final ModelRequests requests;
  private final Mode mode;
  private final UsageLedger ledger;
  private final Metrics metrics;
  /** Learned once per worker: a provider that answered 404 to compaction has no such endpoint. */
  private final Set<ProviderId> remoteUnsupported = ConcurrentHashMap.newKeySet();

  public CompactionActivitiesImpl(
      Store store, ContextCache cache, ModelProvider client, ToolRegistry tools,
      ItemTokens itemTokens, Truncation truncation, Pricing pricing, Mode mode) {
    this(store, cache, Providers.of(client), tools, itemTokens, truncation, pricing, mode, Metrics.none());
  }

  public CompactionActivitiesImpl(
      Store store, ContextCache cache, ModelProvider client, ToolRegistry tools,
      ItemTokens itemTokens, Truncation truncation, Pricing pricing, Mode mode, Metrics metrics) {
    this(store, cache, Providers.of(client), tools, itemTokens, truncation, pricing, mode, metrics);
  }

  /** Each task compacts with the provider it recorded, among {@code providers}. */
  public CompactionActivitiesImpl(
      Store store, ContextCache cache, Providers providers, ToolRegistry tools,
      ItemTokens itemTokens, Truncation truncation, Pricing pricing, Mode mode, Metrics metrics) {
    this.ledger = new UsageLedger(store.usage(), pricing, metrics);
    this.metrics = metrics;
    this.store = store;
    this.cache = cache;
    this.providers = providers;
    this.itemFactory = new ItemFactory(itemTokens);
    this.local = new LocalCompaction();
    this.requests = new ModelRequests(tools);
    this.notes = new Notes(truncation);
    this.mode = mode;
  }

  /**
   * Compacts with the task's provider. A compaction that switches provider ({@link
   * CompactRequest#switchTo()}) is always local: the handoff summary is neutral text, which the
   * new context holds as user messages of the new provider. The new provider is checked first, so
   * a switch to one this worker cannot reach costs no model call.
   */
  @Override
  public CompactResult compact(CompactRequest request) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    ModelProvider client = ModelActivitiesImpl.provider(providers, request.provider());
    boolean switching = request.switchTo() != null;
    ModelProvider next = switching ? ModelActivitiesImpl.provider(providers, request.switchTo()) : client;
    List<Item> context = cache.items(request.taskId(), request.context());
    ModelRequest call = requests.forContext(request.taskId(), request.model(), context, request.turn(), client);
    String model = call.model();
    ModelResponse response;
    boolean wasLocal;
    long started = System.nanoTime();
    try (Heartbeats beating = new Heartbeats(activity)) {
      try {
        Optional<ModelResponse> remote = switching ? Optional.empty() : remote(client, call, beating.hooks());
        wasLocal = remote.isEmpty();
        response = remote.isPresent()
            ? remote.get()
            : local.compact(client, next.items(), call, context, beating.hooks());
      } catch (ModelException e) {
        beating.check(); // a call aborted because it was cancelled reports the cancellation
        throw ModelActivitiesImpl.failure(e, activity.getInfo().getAttempt());
      }
    }
    ledger.record(request.taskId(), request.turn(), 0, "compaction", model,
        activity.getInfo().getAttempt(), response.usage(), (System.nanoTime() - started) / 1_000_000);
    List<String> compacted = new ArrayList<>(response.items());
    notes.message(request.workspace(), next.items()).ifPresent(compacted::add);
    // A cancelled attempt (the turn was interrupted), or one Temporal gave up on, stops here
    // rather than store a checkpoint the workflow will not use.
    activity.heartbeat(null);
    List<Item> items = itemFactory.checkpointItems(compacted, request.turn(), next.id());
    long tokens = ItemFactory.tokens(items);
    long fromSeq = request.context().toSeq();
    store.checkpoints().saveCheckpoint(
        new Checkpoint(request.taskId(), request.checkpoint(), "compaction", fromSeq, request.turn(),
            tokens, items.size(), null),
        items);
    metrics.compaction(wasLocal);
    String switchedModel = !switching ? null
        : request.switchModel() != null ? request.switchModel() : next.config().model();
    return new CompactResult(
        new ContextRef(request.checkpoint(), fromSeq, fromSeq), tokens, wasLocal, switchedModel);
  }

  /** The provider's compaction, kept exactly as received; empty when it has none. */
  private Optional<ModelResponse> remote(ModelProvider client, ModelRequest call, CallHooks hooks)
      throws ModelException {
    boolean unsupported = remoteUnsupported.contains(client.id());
    if (mode == Mode.local || (mode == Mode.auto && unsupported)) return Optional.empty();
    try {
      return Optional.of(client.compact(call, hooks));
    } catch (ModelException e) {
      if (e.kind() != ModelException.Kind.UNSUPPORTED || mode == Mode.remote) throw e;
      remoteUnsupported.add(client.id());
      return Optional.empty();
    }
  }
}
