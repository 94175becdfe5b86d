package dev.longhaul.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ItemStoreTest {
  private final ItemStore store = TestDatabase.store().items();
  private final String taskId = "task-" + UUID.randomUUID();

  private static Item item(long seq, String text) {
    return new Item(seq, 1, ItemKind.USER_MESSAGE, "{\"type\":\"message\",\"text\":\"" + text + "\"}", 7);
  }

  private List<Item> all() {
    return store.items(taskId, 0, Long.MAX_VALUE);
  }

  @Test
  void upsertingTwiceAtTheSameSeq_leavesOneRowWithTheLastContent() {
    store.upsert(taskId, new Item(3, 1, ItemKind.FUNCTION_CALL_OUTPUT, "{\"output\":\"first\"}", 5));
    store.upsert(taskId, new Item(3, 2, ItemKind.FUNCTION_CALL_OUTPUT, "{\"output\":\"second\"}", 9));

    assertThat(all()).containsExactly(new Item(3, 2, ItemKind.FUNCTION_CALL_OUTPUT, "{\"output\":\"second\"}", 9));
  }

  @Test
  void replaceFrom_dropsLeftoversOfALongerAttempt_andWritesTheNewItems() {
    store.upsert(taskId, item(0, "user"));
    // A first attempt of the step wrote three items…
    store.replaceFrom(taskId, 1, List.of(item(1, "a1"), item(2, "a2"), item(3, "a3")));
    // …and its retry produced two.
    store.replaceFrom(taskId, 1, List.of(item(1, "b1"), item(2, "b2")));

    assertThat(all()).containsExactly(item(0, "user"), item(1, "b1"), item(2, "b2"));
  }

  @Test
  void replaceFrom_withNoItems_truncatesAtFromSeq() {
    store.replaceFrom(taskId, 0, List.of(item(0, "a"), item(1, "b"), item(2, "c")));

    store.replaceFrom(taskId, 1, List.of());

    assertThat(all()).containsExactly(item(0, "a"));
  }

  @Test
  void replaceFrom_leavesOtherTasksAlone() {
    String other = "task-" + UUID.randomUUID();
    store.replaceFrom(other, 0, List.of(item(0, "theirs"), item(1, "theirs too")));

    store.replaceFrom(taskId, 0, List.of(item(0, "mine")));

    assertThat(store.items(other, 0, Long.MAX_VALUE))
        .containsExactly(item(0, "theirs"), item(1, "theirs too"));
  }

  @Test
  void items_returnsTheHalfOpenRange_inSeqOrder() {
    List<Item> items = new ArrayList<>();
    for (int seq = 4; seq >= 0; seq--) store.upsert(taskId, item(seq, "i" + seq));
    for (int seq = 0; seq <= 4; seq++) items.add(item(seq, "i" + seq));

    assertThat(store.items(taskId, 1, 4)).containsExactly(items.get(1), items.get(2), items.get(3));
    assertThat(store.items(taskId, 2, 2)).isEmpty();
    assertThat(store.item(taskId, 4)).contains(items.get(4));
    assertThat(store.item(taskId, 5)).isEmpty();
  }

  @Test
  void rawText_comesBackIdentical() {
    String raw =
        "{ \"id\":\"rs_1\",  \"type\":\"reasoning\",\n\t\"summary\":[ ],"
            + " \"encrypted_content\":\"gAAAA\\/+==\", \"z\":\"\\u2014 café 日本 \uD83D\uDE00\","
            + " \"a\":1.50 }";
    store.upsert(taskId, new Item(0, 1, ItemKind.REASONING, raw, 12));

    assertThat(store.item(taskId, 0).orElseThrow().raw()).isEqualTo(raw);
  }

  @Test
  void nextSeq_isZeroForNoItems_andOnePastTheHighestOtherwise() {
    assertThat(store.nextSeq(taskId)).isZero();

    store.upsert(taskId, item(0, "a"));
    assertThat(store.nextSeq(taskId)).isEqualTo(1);

    store.upsert(taskId, item(9, "b"));
    store.upsert(taskId, item(4, "c"));
    assertThat(store.nextSeq(taskId)).isEqualTo(10);
    assertThat(store.nextSeq(taskId + "-nobody")).isZero();
  }

  @Test
  void nextSeq_ignoresCheckpointItems() {
    store.upsert(taskId, item(2, "a"));
    TestDatabase.store().checkpoints().saveCheckpoint(
        new Checkpoint(taskId, 1, "compaction", 3, 1, 1, 1, null), List.of(item(50, "b")));

    assertThat(store.nextSeq(taskId)).isEqualTo(3);
  }
}
