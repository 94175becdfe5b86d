package dev.longhaul.activities;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.contract.CommandInfo;
import dev.longhaul.contract.FailureType;
import dev.longhaul.contract.ModelActivities;
import dev.longhaul.contract.PromptShape;
import dev.longhaul.contract.SampleRequest;
import dev.longhaul.contract.SampleResult;
import dev.longhaul.contract.ToolCallRef;
import dev.longhaul.model.ModelException;
import dev.longhaul.model.ModelResponse;
import dev.longhaul.model.Pricing;
import dev.longhaul.model.ItemFormat;
import dev.longhaul.model.ModelProvider;
import dev.longhaul.model.ModelRequest;
import dev.longhaul.model.Providers;
import dev.longhaul.prompt.ItemTokens;
import dev.longhaul.store.Item;
import dev.longhaul.store.ItemKind;
import dev.longhaul.store.Store;
import dev.longhaul.tools.Tool;
import dev.longhaul.tools.ToolRegistry;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

public final class ModelActivitiesImpl implements ModelActivities {
  private static final int PREVIEW_CHARS = 500;

  private final Store store;
  private final ContextCache cache;
  private final Providers providers;
  private final ToolRegistry tools;
  private final ItemFactory itemFactory;
  private final ModelRequests requests;
  private final UsageLedger ledger;

  public ModelActivitiesImpl(
      Store store, ContextCache cache, ModelProvider client, ToolRegistry tools,
      ItemTokens itemTokens, Pricing pricing) {
    this(store, cache, Providers.of(client), tools, itemTokens, pricing, Metrics.none());
  }

  public ModelActivitiesImpl(
      Store store, ContextCache cache, ModelProvider client, ToolRegistry tools,
      ItemTokens itemTokens, Pricing pricing, Metrics metrics) {
    this(store, cache, Providers.of(client), tools, itemTokens, pricing, metrics);
  }

  /** Each task's calls go to the provider it recorded, among {@code providers}. */
  public ModelActivitiesImpl(
      Store store, ContextCache cache, Providers providers, ToolRegistry tools,
      ItemTokens itemTokens, Pricing pricing, Metrics metrics) {
    this.store = store;
    this.cache = cache;
    this.providers = providers;
    this.tools = tools;
    this.itemFactory = new ItemFactory(itemTokens);
    this.requests = new ModelRequests(tools);
    this.ledger = new UsageLedger(store.usage(), pricing, metrics);
  }

  /**
   * Sends the context, unchanged, plus (when the model or the tools changed since the previous
   * request) a note saying so: the change breaks the cache once and the prefix stays as it was.
   */
  @Override
  public SampleResult sample(SampleRequest request) {
    long attemptStarted = System.nanoTime();
    ActivityExecutionContext activity = Activity.getExecutionContext();
    ModelProvider client = provider(providers, request.provider());
    List<Item> context = cache.items(request.taskId(), request.context());
    ModelRequest prefix = requests.forContext(request.taskId(), request.model(), context, request.turn(), client);
    PromptShape shape = PromptShapes.of(prefix.model(), prefix.tools());
    String cacheBreak = PromptShapes.cacheBreak(request.previous(), shape);
    List<String> notes = cacheBreak == null ? List.of() : List.of(client.items().developerMessage(cacheBreak));
    String model = prefix.model();
    long started = System.nanoTime();
    ModelResponse response;
    // Heartbeats on a timer, not per event: a model may think in silence for minutes, and that is
    // for the stream idle timeout to judge, not the 10-second heartbeat timeout.
    try (Heartbeats beating = new Heartbeats(activity)) {
      try {
        response = client.create(prefix.withAppended(notes), beating.hooks());
      } catch (ModelException e) {
        beating.check(); // a call aborted because it was cancelled reports the cancellation
        throw failure(e, activity.getInfo().getAttempt());
      }
    }
    // An attempt Temporal has given up on (and retried elsewhere) must not overwrite the retry's
    // items: this throws if the attempt no longer counts.
    Heartbeats.checkStillCurrent(activity, attemptStarted);
    long costMicros = ledger.record(request.taskId(), request.turn(), request.step(), "sample",
        model, activity.getInfo().getAttempt(), response.usage(),
        (System.nanoTime() - started) / 1_000_000);
    Stored stored = store(request, client, notes, response);
    return new SampleResult(stored.itemCount(), stored.toolCalls(), response.usage(),
        response.usage().input() + response.usage().output(), stored.preview(), shape, cacheBreak,
        costMicros);
  }

  /** What storing a response's items found in them. */
  private record Stored(int itemCount, List<ToolCallRef> toolCalls, String preview) {}

  /**
   * The provider a task recorded, or a failure that stops the task in one line when this worker
   * cannot reach it.
   */
  static ModelProvider provider(Providers providers, String label) {
    try {
      return providers.provider(label);
    } catch (IllegalArgumentException unreachable) {
      throw FailureType.PROVIDER_UNAVAILABLE.failure(unreachable.getMessage());
    }
  }

  private Stored store(
      SampleRequest request, ModelProvider client, List<String> notes, ModelResponse response) {
    ItemFormat format = client.items();
    List<Item> items = new ArrayList<>();
    List<ToolCallRef> calls = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    long seq = request.firstOutputSeq();
    List<String> raws = new ArrayList<>(notes);
    raws.addAll(response.items());
    for (String raw : raws) {
      Item item = itemFactory.item(seq, request.turn(), client.id(), raw);
      items.add(item);
      JsonNode node = Items.parse(raw);
      if (item.kind().equals(ItemKind.FUNCTION_CALL)) {
        format.toolCall(node).ifPresent(call -> calls.add(callRef(item.seq(), call)));
      }
      if (item.kind().equals(ItemKind.ASSISTANT_MESSAGE)) text.append(format.assistantText(node));
      seq++;
    }
    // Replaces, rather than adds to, what an earlier attempt of this step may have written.
    String writer = Items.writer(request.taskId());
    Items.write(() -> store.items().replaceFrom(request.taskId(), request.firstOutputSeq(), items, writer));
    String preview = text.isEmpty() ? null : clip(text.toString());
    if (preview == null && calls.isEmpty()) {
      preview = response.incompleteReason() == null
          ? "(the model returned no message)"
          : "(the response stopped early: " + response.incompleteReason() + ")";
    }
    return new Stored(items.size(), calls, preview);
  }

  private ToolCallRef callRef(long seq, ItemFormat.ToolCall call) {
    String name = call.name();
    Optional<Tool> tool = tools.find(name);
    String summary = name;
    CommandInfo command = null;
    if (tool.isPresent()) {
      try {
        JsonNode arguments = Items.JSON.readTree(call.arguments().isEmpty() ? "{}" : call.arguments());
        summary = tool.get().summarize(arguments);
        command = tool.get().describeCommand(arguments);
      } catch (Exception badArguments) {
        summary = name + ": (invalid arguments)";
      }
    }
    // An unknown tool only produces an error message, so it may run alongside anything.
    return new ToolCallRef(seq, name, tool.map(Tool::readOnly).orElse(true), clip(summary), command);
  }

  static ApplicationFailure failure(ModelException e, int attempt) {
    return switch (e.kind()) {
      case CONTEXT_WINDOW_EXCEEDED ->
          ApplicationFailure.newBuilder()
              .setType(FailureType.CONTEXT_WINDOW_EXCEEDED.id())
              .setMessage(e.getMessage())
              .setNonRetryable(true)
              .build();
      case REJECTED, UNSUPPORTED ->
          ApplicationFailure.newBuilder()
              .setType(FailureType.REQUEST_REJECTED.id())
              .setMessage(e.getMessage())
              .setNonRetryable(true)
              .build();
      case MALFORMED ->
          ApplicationFailure.newBuilder()
              .setType(FailureType.MODEL_MALFORMED.id())
              .setMessage(e.getMessage() + " (attempt " + attempt + " of " + FailureType.MALFORMED_ATTEMPTS + ")")
              .setNonRetryable(attempt >= FailureType.MALFORMED_ATTEMPTS)
              .build();
      case TRANSIENT ->
          ApplicationFailure.newBuilder()
              .setType(FailureType.MODEL_UNAVAILABLE.id())
              .setMessage(e.getMessage())
              .setNextRetryDelay(e.retryAfter())
              .build();
    };
  }

  private static String clip(String text) {
    return text.length() <= PREVIEW_CHARS ? text : text.substring(0, PREVIEW_CHARS) + "…";
  }
}
