package dev.longhaul.activities;

import dev.longhaul.model.ResponsesFormat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.contract.FailureType;
import dev.longhaul.contract.ContextRef;
import dev.longhaul.contract.RestoreRequest;
import dev.longhaul.contract.Restored;
import dev.longhaul.contract.StatusUpdate;
import dev.longhaul.store.ItemKind;
import dev.longhaul.store.Checkpoint;
import dev.longhaul.prompt.ItemTokens;
import dev.longhaul.prompt.TokenCounter;
import dev.longhaul.store.Item;
import dev.longhaul.store.Store;
import dev.longhaul.testing.TestDatabase;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ContextRestoreTest {
  private final Store store = TestDatabase.store();
  private final ContextRestore restore = new ContextRestore(store, new ItemFactory(new ItemTokens(new TokenCounter())));
  private final String source = "restore-" + UUID.randomUUID();
  private final String fork = source + "-fork";

  private static Item user(long seq, String text) {
    return new Item(seq, 1, ItemKind.USER_MESSAGE, ResponsesFormat.message("user", text), 10);
  }

  private static Item call(long seq, String callId) {
    String raw = "{\"type\":\"function_call\",\"call_id\":\"" + callId
        + "\",\"name\":\"shell\",\"arguments\":\"{\\\"cmd\\\":\\\"make\\\"}\"}";
    return new Item(seq, 2, ItemKind.FUNCTION_CALL, raw, 12);
  }

  private static Item output(long seq, String callId) {
    return new Item(seq, 2, ItemKind.FUNCTION_CALL_OUTPUT, ResponsesFormat.INSTANCE.toolOutput(callId, "ok"), 5);
  }

  private static List<String> raws(List<Item> items) {
    return items.stream().map(Item::raw).toList();
  }

  private void openSource(int turn, int step) {
    store.tasks().openTask(source, "/work/" + source, "A task", "gpt-5");
    store.tasks().recordStatus(new StatusUpdate(source, "failed", turn, step, null, "worker lost"));
  }

  private void checkpoint(String taskId, int number, long fromSeq, List<Item> items) {
    store.checkpoints().saveCheckpoint(new Checkpoint(taskId, number, "compaction", fromSeq, 1, 0, items.size(), null), items);
  }

  // answerDanglingCalls

  @Test
  void aCallWithoutAnOutput_isAnsweredRightAfterIt_withTheSameCallId() {
    List<Item> items = List.of(user(0, "build it"), call(1, "call_a"), user(2, "still there?"));

    List<Item> repaired = restore.answerDanglingCalls(items);

    assertThat(repaired).hasSize(4);
    assertThat(repaired.get(0)).isEqualTo(items.get(0));
    assertThat(repaired.get(1)).isEqualTo(items.get(1));
    assertThat(repaired.get(3)).isEqualTo(items.get(2));
    Item answer = repaired.get(2);
    assertThat(answer.kind()).isEqualTo(ItemKind.FUNCTION_CALL_OUTPUT);
    assertThat(answer.seq()).isEqualTo(-1);
    assertThat(answer.turn()).isEqualTo(items.get(1).turn());
    JsonNode raw = Items.parse(answer.raw());
    assertThat(raw.path("type").asText()).isEqualTo("function_call_output");
    assertThat(raw.path("call_id").asText()).isEqualTo("call_a");
    assertThat(raw.path("output").asText()).contains("not completed");
  }

  @Test
  void answeredCalls_areLeftAsTheyAre() {
    List<Item> items = List.of(user(0, "build it"), call(1, "call_a"), call(2, "call_b"),
        output(3, "call_b"), output(4, "call_a"), user(5, "thanks"));

    assertThat(restore.answerDanglingCalls(items)).containsExactlyElementsOf(items);
  }

  @Test
  void onlyTheUnansweredOfSeveralCalls_getAnAnswer_andTheOrderIsOtherwiseKept() {
    List<Item> items = List.of(call(0, "call_a"), call(1, "call_b"), output(2, "call_a"), call(3, "call_c"));

    List<Item> repaired = restore.answerDanglingCalls(items);

    assertThat(repaired).extracting(i -> Items.parse(i.raw()).path("call_id").asText() + ":" + i.kind())
        .containsExactly(
            "call_a:function_call",
            "call_b:function_call",
            "call_b:function_call_output",
            "call_a:function_call_output",
            "call_c:function_call",
            "call_c:function_call_output");
    assertThat(repaired.get(2).seq()).isEqualTo(-1);
    assertThat(repaired.get(3)).isSameAs(items.get(2));
  }

  @Test
  void noItems_needNoAnswers() {
    assertThat(restore.answerDanglingCalls(List.of())).isEmpty();
  }

  // restore

  @Test
  void withoutACheckpointNumber_theLatestCheckpointAndEveryItemAfterItAreRestored() {
    openSource(4, 17);
    for (long seq = 0; seq < 6; seq++) store.items().upsert(source, user(seq, "old " + seq));
    checkpoint(source, 1, 3, List.of(user(-1, "first summary")));
    checkpoint(source, 2, 4, List.of(user(-1, "kept message"), user(-1, "second summary")));
    store.items().upsert(source, user(6, "after the checkpoint"));

    Restored restored = restore.restore(new RestoreRequest(source, source, null));

    List<Item> context = store.checkpoints().checkpointItems(source, 3);
    assertThat(raws(context)).containsExactly(
        ResponsesFormat.message("user", "kept message"),
        ResponsesFormat.message("user", "second summary"),
        ResponsesFormat.message("user", "old 4"),
        ResponsesFormat.message("user", "old 5"),
        ResponsesFormat.message("user", "after the checkpoint"));
    assertThat(restored.context()).isEqualTo(new ContextRef(3, 7, 7));
    assertThat(restored.tokens()).isEqualTo(50);
    assertThat(restored.turn()).isEqualTo(4);
    assertThat(restored.step()).isEqualTo(17);
    assertThat(restored.workspace()).isEqualTo("/work/" + source);
  }

  @Test
  void aResume_isANewCheckpointOfTheTaskItself_oneNumberPastItsLast() {
    openSource(4, 17);
    for (long seq = 0; seq < 5; seq++) store.items().upsert(source, user(seq, "m" + seq));
    checkpoint(source, 1, 2, List.of(user(-1, "summary")));

    restore.restore(new RestoreRequest(source, source, null));

    assertThat(store.checkpoints().checkpoints(source)).hasSize(2);
    Checkpoint saved = store.checkpoints().checkpoints(source).get(1);
    assertThat(saved.number()).isEqualTo(2);
    assertThat(saved.reason()).isEqualTo("resume");
    assertThat(saved.fromSeq()).isEqualTo(5);
    assertThat(saved.turn()).isEqualTo(4);
    assertThat(saved.itemCount()).isEqualTo(4);
    assertThat(saved.tokens()).isEqualTo(40);
  }

  @Test
  void withoutAnyCheckpoint_theWholeTranscriptIsRestored() {
    openSource(1, 3);
    for (long seq = 0; seq < 3; seq++) store.items().upsert(source, user(seq, "m" + seq));

    Restored restored = restore.restore(new RestoreRequest(fork, source, null));

    assertThat(raws(store.checkpoints().checkpointItems(fork, 1)))
        .containsExactly(ResponsesFormat.message("user", "m0"), ResponsesFormat.message("user", "m1"), ResponsesFormat.message("user", "m2"));
    assertThat(restored.context()).isEqualTo(new ContextRef(1, 0, 0));
  }

  @Test
  void aCallLeftUnansweredAfterTheLatestCheckpoint_isAnsweredInTheRestoredContext() {
    openSource(2, 5);
    store.items().upsert(source, user(0, "build it"));
    store.items().upsert(source, call(1, "call_lost"));

    restore.restore(new RestoreRequest(source, source, null));

    List<Item> context = store.checkpoints().checkpointItems(source, 1);
    assertThat(context).extracting(Item::kind)
        .containsExactly(ItemKind.USER_MESSAGE, ItemKind.FUNCTION_CALL, ItemKind.FUNCTION_CALL_OUTPUT);
    assertThat(Items.parse(context.get(2).raw()).path("call_id").asText()).isEqualTo("call_lost");
  }

  @Test
  void anExplicitCheckpoint_restoresOnlyItsItems_asAForkIntoTheNewTask() {
    openSource(6, 30);
    for (long seq = 0; seq < 8; seq++) store.items().upsert(source, user(seq, "m" + seq));
    checkpoint(source, 1, 3, List.of(user(-1, "first summary")));
    checkpoint(source, 2, 6, List.of(user(-1, "second summary")));

    Restored restored = restore.restore(new RestoreRequest(fork, source, 1));

    assertThat(raws(store.checkpoints().checkpointItems(fork, 1))).containsExactly(ResponsesFormat.message("user", "first summary"));
    Checkpoint saved = store.checkpoints().checkpoints(fork).get(0);
    assertThat(saved.reason()).isEqualTo("fork");
    assertThat(saved.number()).isEqualTo(1);
    assertThat(saved.fromSeq()).isZero();
    assertThat(restored.context()).isEqualTo(new ContextRef(1, 0, 0));
    assertThat(restored.tokens()).isEqualTo(10);
    assertThat(restored.turn()).isEqualTo(6);
    assertThat(restored.workspace()).isEqualTo("/work/" + source);
    // The source is left as it was.
    assertThat(store.checkpoints().checkpoints(source)).hasSize(2);
  }

  @Test
  void checkpointZero_isTheEmptyContext() {
    openSource(2, 9);
    store.items().upsert(source, user(0, "m0"));
    checkpoint(source, 1, 1, List.of(user(-1, "summary")));

    Restored restored = restore.restore(new RestoreRequest(fork, source, 0));

    assertThat(store.checkpoints().checkpointItems(fork, 1)).isEmpty();
    assertThat(store.checkpoints().checkpoints(fork)).singleElement().satisfies(c -> assertThat(c.itemCount()).isZero());
    assertThat(restored.tokens()).isZero();
    assertThat(restored.context()).isEqualTo(new ContextRef(1, 0, 0));
  }

  @Test
  void theTargetsOwnCheckpointsAndItems_setTheNewNumberAndFromSeq() {
    openSource(2, 9);
    checkpoint(source, 1, 0, List.of(user(-1, "source summary")));
    // The target already has a history of its own.
    for (long seq = 0; seq < 9; seq++) store.items().upsert(fork, user(seq, "fork " + seq));
    checkpoint(fork, 1, 2, List.of());
    checkpoint(fork, 4, 5, List.of());

    Restored restored = restore.restore(new RestoreRequest(fork, source, 1));

    assertThat(restored.context()).isEqualTo(new ContextRef(5, 9, 9));
    assertThat(store.checkpoints().checkpoints(fork)).extracting(Checkpoint::number).containsExactly(1, 4, 5);
    assertThat(store.checkpoints().checkpoints(fork).get(2).fromSeq()).isEqualTo(9);
    assertThat(raws(store.checkpoints().checkpointItems(fork, 5))).containsExactly(ResponsesFormat.message("user", "source summary"));
  }

  @Test
  void anUnknownTask_isANonRetryableFailure() {
    ApplicationFailure failure = catchThrowableOfType(
        () -> restore.restore(new RestoreRequest(fork, source, null)), ApplicationFailure.class);

    assertThat(failure).isNotNull();
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(FailureType.UNKNOWN_TASK_OR_CHECKPOINT.id());
    assertThat(failure.getOriginalMessage()).contains(source);
    assertThat(store.checkpoints().checkpoints(fork)).isEmpty();
  }

  @Test
  void anUnknownCheckpoint_isANonRetryableFailure() {
    openSource(1, 1);
    checkpoint(source, 1, 0, List.of(user(-1, "summary")));

    ApplicationFailure failure = catchThrowableOfType(
        () -> restore.restore(new RestoreRequest(fork, source, 2)), ApplicationFailure.class);

    assertThat(failure).isNotNull();
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(FailureType.UNKNOWN_TASK_OR_CHECKPOINT.id());
    assertThat(failure.getOriginalMessage()).contains("checkpoint 2");
    assertThat(store.checkpoints().checkpoints(fork)).isEmpty();
  }
}
