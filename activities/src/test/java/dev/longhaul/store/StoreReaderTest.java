package dev.longhaul.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.testing.TestDatabase;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StoreReaderTest {
  private final Store store = TestDatabase.store();
  private final StoreReader reader = new StoreReader(TestDatabase.database());
  private final String taskId = "reader-" + UUID.randomUUID();

  @Test
  void theReader_seesTheTaskItsWholeTranscriptItsCheckpointsAndItsUsage() {
    store.tasks().openTask(taskId, "/work/repo", "Read me", "gpt-5");
    Item first = new Item(0, 1, ItemKind.USER_MESSAGE, "{\"type\":\"message\",\"text\":\"first\"}", 3);
    Item second = new Item(1, 1, ItemKind.ASSISTANT_MESSAGE, "{\"type\":\"message\",\"text\":\"second\"}", 4);
    store.items().upsert(taskId, second);
    store.items().upsert(taskId, first);
    store.checkpoints().saveCheckpoint(new Checkpoint(taskId, 1, "compaction", 2, 1, 7, 0, null), List.of());
    UsageRow call = new UsageRow(taskId, 1, 1, "sample", "gpt-5", 1, 100, 0, 10, 0, 42, 5L);
    store.usage().recordUsage(call);

    assertThat(reader.task(taskId)).map(TaskRow::title).contains("Read me");
    assertThat(reader.tasks(10_000)).extracting(TaskRow::taskId).contains(taskId);
    assertThat(reader.transcript(taskId)).containsExactly(first, second);
    assertThat(reader.checkpoints(taskId)).extracting(Checkpoint::number).containsExactly(1);
    assertThat(reader.usage(taskId)).containsExactly(call);
  }

  @Test
  void anUnknownTask_hasNothingToRead() {
    assertThat(reader.task(taskId)).isEmpty();
    assertThat(reader.transcript(taskId)).isEmpty();
    assertThat(reader.checkpoints(taskId)).isEmpty();
    assertThat(reader.usage(taskId)).isEmpty();
  }
}
