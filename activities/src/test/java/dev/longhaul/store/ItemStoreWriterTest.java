package dev.longhaul.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.longhaul.testing.TestDatabase;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A late attempt of an earlier run cannot erase what a later run of the task wrote. */
class ItemStoreWriterTest {
  private final ItemStore store = TestDatabase.store().items();
  private final String task = "writer-" + UUID.randomUUID();

  @Test
  void aRetryOfTheSameRun_replacesWhatItsEarlierAttemptLeft() {
    store.replaceFrom(task, 0, List.of(item(0, "a"), item(1, "b"), item(2, "c")), "run-1");

    store.replaceFrom(task, 1, List.of(item(1, "b2")), "run-1");

    assertThat(store.items(task, 0, 10)).extracting(Item::raw).containsExactly(raw("a"), raw("b2"));
  }

  @Test
  void aLateAttemptOfAnEarlierRun_isRefused_andChangesNothing() {
    store.replaceFrom(task, 0, List.of(item(0, "old")), "run-1");
    // The task was resumed: run 2 writes from seq 1 on.
    store.replaceFrom(task, 1, List.of(item(1, "resumed"), item(2, "answer")), "run-2");

    assertThatThrownBy(() -> store.replaceFrom(task, 1, List.of(item(1, "stale")), "run-1"))
        .isInstanceOf(SupersededException.class)
        .hasMessageContaining("belong to a later run (run-2)");
    assertThat(store.items(task, 0, 10)).extracting(Item::raw)
        .containsExactly(raw("old"), raw("resumed"), raw("answer"));
  }

  private static Item item(long seq, String text) {
    return new Item(seq, 1, ItemKind.USER_MESSAGE, raw(text), 1);
  }

  private static String raw(String text) {
    return "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"" + text + "\"}]}";
  }
}
