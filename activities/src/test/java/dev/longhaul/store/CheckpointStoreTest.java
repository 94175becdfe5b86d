package dev.longhaul.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CheckpointStoreTest {
  private final CheckpointStore store = TestDatabase.store().checkpoints();
  private final String taskId = "checkpoints-" + UUID.randomUUID();

  private static Item item(long seq, int turn, String kind, String text, int tokens) {
    return new Item(seq, turn, new ItemKind(kind), "{\"type\":\"message\",\"text\":\"" + text + "\"}", tokens);
  }

  private Checkpoint checkpoint(int number, String reason, long fromSeq, int turn, long tokens) {
    return new Checkpoint(taskId, number, reason, fromSeq, turn, tokens, 0, null);
  }

  @Test
  void savingACheckpointAgain_replacesTheEarlierSave() {
    store.saveCheckpoint(checkpoint(1, "compaction", 10, 2, 900),
        List.of(item(-1, 2, "message:user", "a", 300), item(-1, 2, "message:user", "b", 300),
            item(-1, 2, "compaction", "c", 300)));

    // A retried compaction writes the same number with a different result.
    store.saveCheckpoint(checkpoint(1, "compaction", 12, 3, 50), List.of(item(-1, 3, "message:user", "retry", 50)));

    List<Checkpoint> checkpoints = store.checkpoints(taskId);
    assertThat(checkpoints).singleElement().satisfies(c -> {
      assertThat(c.fromSeq()).isEqualTo(12);
      assertThat(c.turn()).isEqualTo(3);
      assertThat(c.tokens()).isEqualTo(50);
      assertThat(c.itemCount()).isEqualTo(1);
    });
    assertThat(store.checkpointItems(taskId, 1)).containsExactly(item(-1, 3, "message:user", "retry", 50));
  }

  @Test
  void savingACheckpoint_leavesTheTasksOtherCheckpointsAndOtherTasksAlone() {
    String other = taskId + "-other";
    store.saveCheckpoint(new Checkpoint(other, 1, "compaction", 0, 1, 5, 1, null), List.of(item(-1, 1, "message:user", "theirs", 5)));
    store.saveCheckpoint(checkpoint(1, "compaction", 0, 1, 5), List.of(item(-1, 1, "message:user", "one", 5)));
    store.saveCheckpoint(checkpoint(2, "compaction", 4, 1, 5), List.of(item(-1, 1, "message:user", "two", 5)));

    store.saveCheckpoint(checkpoint(2, "compaction", 6, 1, 5), List.of(item(-1, 1, "message:user", "two again", 5)));

    assertThat(store.checkpointItems(taskId, 1)).containsExactly(item(-1, 1, "message:user", "one", 5));
    assertThat(store.checkpointItems(taskId, 2)).containsExactly(item(-1, 1, "message:user", "two again", 5));
    assertThat(store.checkpointItems(other, 1)).containsExactly(item(-1, 1, "message:user", "theirs", 5));
  }

  @Test
  void checkpointItems_comeBackInTheOrderSaved_withSeqMinusOne() {
    List<Item> saved = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      // Stored seqs, turns, kinds and texts in no particular order: only the list order counts.
      saved.add(item(100 - i * 7, i % 3, i % 2 == 0 ? "message:user" : "reasoning", "item " + (12 - i), 10 + i));
    }
    store.saveCheckpoint(checkpoint(1, "compaction", 40, 3, 0), saved);

    List<Item> expected = saved.stream()
        .map(i -> new Item(-1, i.turn(), i.kind(), i.raw(), i.tokens()))
        .toList();
    assertThat(store.checkpointItems(taskId, 1)).containsExactlyElementsOf(expected);
  }

  @Test
  void anUnknownCheckpoint_hasNoItems() {
    store.saveCheckpoint(checkpoint(1, "compaction", 0, 1, 5), List.of(item(-1, 1, "message:user", "one", 5)));

    assertThat(store.checkpointItems(taskId, 2)).isEmpty();
    assertThat(store.checkpointItems(taskId + "-nobody", 1)).isEmpty();
  }

  @Test
  void checkpoints_areListedOldestFirst_withWhatWasSaved() {
    store.saveCheckpoint(checkpoint(3, "fork", 30, 7, 300), List.of(item(-1, 7, "message:user", "x", 300)));
    store.saveCheckpoint(checkpoint(1, "compaction", 10, 2, 100), List.of());
    store.saveCheckpoint(checkpoint(2, "resume", 20, 5, 200),
        List.of(item(-1, 5, "message:user", "y", 100), item(-1, 5, "message:user", "z", 100)));

    List<Checkpoint> checkpoints = store.checkpoints(taskId);

    assertThat(checkpoints).extracting(Checkpoint::number).containsExactly(1, 2, 3);
    assertThat(checkpoints).extracting(Checkpoint::reason).containsExactly("compaction", "resume", "fork");
    assertThat(checkpoints).extracting(Checkpoint::fromSeq).containsExactly(10L, 20L, 30L);
    assertThat(checkpoints).extracting(Checkpoint::turn).containsExactly(2, 5, 7);
    assertThat(checkpoints).extracting(Checkpoint::tokens).containsExactly(100L, 200L, 300L);
    assertThat(checkpoints).extracting(Checkpoint::itemCount).containsExactly(0, 2, 1);
    assertThat(checkpoints).allSatisfy(c -> {
      assertThat(c.taskId()).isEqualTo(taskId);
      assertThat(c.created()).isNotNull();
    });
  }

  @Test
  void aTaskWithoutCheckpoints_listsNone() {
    assertThat(store.checkpoints(taskId)).isEmpty();
  }
}
