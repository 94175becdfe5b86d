package dev.longhaul.activities;

import dev.longhaul.contract.ContextRef;
import dev.longhaul.contract.FailureType;
import dev.longhaul.contract.RestoreRequest;
import dev.longhaul.contract.Restored;
import dev.longhaul.model.ItemFormat;
import dev.longhaul.store.ItemKind;
import dev.longhaul.store.Checkpoint;
import dev.longhaul.store.Item;
import dev.longhaul.store.Store;
import dev.longhaul.store.TaskRow;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rebuilds the context of a task whose workflow is gone, from the store alone, as a new checkpoint
 * of the task that continues it (itself on resume, a new task on fork).
 */
final class ContextRestore {

  private final Store store;
  private final ItemFactory itemFactory;

  ContextRestore(Store store, ItemFactory itemFactory) {
    this.itemFactory = itemFactory;
    this.store = store;
  }

  /**
   * Without a checkpoint number: the latest checkpoint and every item stored after it, so nothing
   * done since is lost. With one: exactly that checkpoint (0 is the empty start). A tool call left
   * without an output (its worker died) is answered right after it, as the Responses API requires.
   */
  Restored restore(RestoreRequest request) {
    TaskRow source = store.tasks().task(request.sourceTaskId())
        .orElseThrow(() -> FailureType.UNKNOWN_TASK_OR_CHECKPOINT.failure(
            "unknown task id: " + request.sourceTaskId()));
    List<Checkpoint> checkpoints = store.checkpoints().checkpoints(source.taskId());
    if (request.checkpoint() != null && request.checkpoint() < 0) {
      throw FailureType.UNKNOWN_TASK_OR_CHECKPOINT.failure(
            "a checkpoint number cannot be negative: " + request.checkpoint());
    }
    List<Item> items = new ArrayList<>();
    if (request.checkpoint() == null) {
      Checkpoint latest = checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
      if (latest != null) {
        items.addAll(store.checkpoints().checkpointItems(source.taskId(), latest.number()));
      }
      long from = latest == null ? 0 : latest.fromSeq();
      items.addAll(answerDanglingCalls(store.items().items(source.taskId(), from, Long.MAX_VALUE)));
    } else if (request.checkpoint() > 0) {
      Checkpoint chosen = checkpoints.stream()
          .filter(c -> c.number() == request.checkpoint())
          .findFirst()
          .orElseThrow(() -> FailureType.UNKNOWN_TASK_OR_CHECKPOINT.failure(
            "task " + source.taskId() + " has no checkpoint " + request.checkpoint()));
      items.addAll(store.checkpoints().checkpointItems(source.taskId(), chosen.number()));
    }
    List<Checkpoint> own = store.checkpoints().checkpoints(request.taskId());
    int number = own.isEmpty() ? 1 : own.get(own.size() - 1).number() + 1;
    long fromSeq = store.items().nextSeq(request.taskId());
    long tokens = ItemFactory.tokens(items);
    boolean resume = request.taskId().equals(source.taskId());
    store.checkpoints().saveCheckpoint(
        new Checkpoint(request.taskId(), number, resume ? "resume" : "fork", fromSeq, source.turn(),
            tokens, items.size(), null),
        items);
    String provider = items.isEmpty() ? null : items.get(items.size() - 1).provider().label();
    return new Restored(new ContextRef(number, fromSeq, fromSeq), source.turn(), source.step(), tokens,
        source.workspace(), provider, null);
  }

  List<Item> answerDanglingCalls(List<Item> items) {
    Set<String> answered = new HashSet<>();
    for (Item item : items) {
      if (item.kind().equals(ItemKind.FUNCTION_CALL_OUTPUT)) {
        ItemFactory.format(item).toolResult(Items.parse(item.raw()))
            .ifPresent(output -> answered.add(output.callId()));
      }
    }
    List<Item> repaired = new ArrayList<>();
    for (Item item : items) {
      repaired.add(item);
      if (!item.kind().equals(ItemKind.FUNCTION_CALL)) continue;
      Optional<ItemFormat.ToolCall> call = ItemFactory.format(item).toolCall(Items.parse(item.raw()));
      if (call.isEmpty() || answered.contains(call.get().callId())) continue;
      repaired.add(itemFactory.toolOutput(-1, item.turn(), item.provider(), call.get().callId(),
          "This call was not completed: the task stopped while it ran. Check its effects before repeating it."));
    }
    return repaired;
  }
}
