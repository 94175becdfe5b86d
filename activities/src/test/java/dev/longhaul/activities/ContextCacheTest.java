package dev.longhaul.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.longhaul.contract.ContextRef;
import dev.longhaul.contract.FailureType;
import dev.longhaul.store.Checkpoint;
import dev.longhaul.store.Item;
import dev.longhaul.store.ItemKind;
import dev.longhaul.store.Store;
import dev.longhaul.store.StoreException;
import dev.longhaul.testing.TestDatabase;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ContextCacheTest {
  private final Store store = TestDatabase.store();

  @Test
  void eachStep_readsOnlyWhatIsNew_andSeesEveryItemInOrder() {
    String task = seeded(3);
    ContextCache cache = new ContextCache(store, 8);
    assertThat(cache.items(task, ContextRef.fromStart(2))).extracting(Item::seq).containsExactly(0L, 1L);

    store.items().upsert(task, item(3));
    assertThat(cache.items(task, ContextRef.fromStart(4))).extracting(Item::seq).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void tasksBeyondTheBound_areDropped_andReadAgainFromTheStore() {
    ContextCache cache = new ContextCache(store, 2);
    List<String> tasks = List.of(seeded(2), seeded(3), seeded(4));
    for (String task : tasks) cache.items(task, ContextRef.fromStart(2));

    assertThat(cache.items(tasks.get(0), ContextRef.fromStart(2))).extracting(Item::raw)
        .containsExactly(raw(0), raw(1));
  }

  @Test
  void aGapInTheTranscript_failsTheStepForGood_insteadOfRetryingForever() {
    String task = seeded(2);
    store.items().upsert(task, item(3)); // seq 2 is missing

    assertThatThrownBy(() -> new ContextCache(store, 8).items(task, ContextRef.fromStart(4)))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getType()).isEqualTo(FailureType.TRANSCRIPT_GAP.id());
        });
  }

  @Test
  void aCheckpointLoadThatFails_leavesNothingBehind_soTheNextLoadStillHasTheCheckpointsItems() {
    String task = seeded(4);
    store.checkpoints().saveCheckpoint(new Checkpoint(task, 1, "compaction", 2, 1, 6, 2, null),
        List.of(item(-1), item(-1)));
    ContextCache.Loader real = ContextCache.Loader.of(store);
    AtomicInteger checkpointLoads = new AtomicInteger();
    ContextCache cache = new ContextCache(new ContextCache.Loader() {
      @Override
      public List<Item> checkpointItems(String taskId, int checkpoint) {
        if (checkpointLoads.incrementAndGet() == 1) throw new StoreException("the store went away", null);
        return real.checkpointItems(taskId, checkpoint);
      }

      @Override
      public List<Item> items(String taskId, long fromSeq, long toSeq) {
        return real.items(taskId, fromSeq, toSeq);
      }
    }, 8);
    ContextRef ref = new ContextRef(1, 2, 4);

    assertThatThrownBy(() -> cache.items(task, ref)).hasMessage("the store went away");
    assertThat(cache.items(task, ref)).extracting(Item::seq).containsExactly(-1L, -1L, 2L, 3L);
  }

  private String seeded(int count) {
    String task = "cache-" + UUID.randomUUID();
    for (int i = 0; i < count; i++) store.items().upsert(task, item(i));
    return task;
  }

  private static Item item(long seq) {
    return new Item(seq, 1, ItemKind.USER_MESSAGE, raw(seq), 3);
  }

  private static String raw(long seq) {
    return "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"m" + seq + "\"}]}";
  }
}
