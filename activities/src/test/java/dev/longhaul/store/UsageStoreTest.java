package dev.longhaul.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.testing.TestDatabase;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UsageStoreTest {
  private final UsageStore store = TestDatabase.store().usage();
  private final String taskId = "usage-" + UUID.randomUUID();

  @Test
  void usage_roundTrips_inCallOrder_includingAnUnknownCost() {
    UsageRow sample = new UsageRow(taskId, 1, 1, "sample", "gpt-5", 1, 12_000, 8_192, 400, 128, 1_532, 6_524L);
    UsageRow retried = new UsageRow(taskId, 1, 2, "sample", "gpt-5", 2, 13_000, 0, 90, 0, 870, 0L);
    UsageRow unpriced = new UsageRow(taskId, 1, 3, "compaction", "local-llama", 1, 50_000, 0, 2_000, 0, 9_001, null);

    store.recordUsage(sample);
    store.recordUsage(retried);
    store.recordUsage(unpriced);

    assertThat(store.usage(taskId)).containsExactly(sample, retried, unpriced);
    assertThat(store.usage(taskId).get(1).costMicros()).isZero();
    assertThat(store.usage(taskId).get(2).costMicros()).isNull();
  }

  @Test
  void tokensWrittenToAPromptCache_areKeptBesideThoseReadFromIt() {
    UsageRow anthropic = new UsageRow(taskId, 1, 1, "sample", "claude-sonnet-4-5", 1, 30_000, 20_000, 300, 0, 900, 51_000L, 9_000);

    store.recordUsage(anthropic);

    assertThat(store.usage(taskId)).containsExactly(anthropic);
    assertThat(store.usage(taskId).get(0).cacheWrite()).isEqualTo(9_000);
  }

  @Test
  void usage_ofATaskWithoutCalls_isEmpty() {
    store.recordUsage(new UsageRow(taskId, 1, 1, "sample", "gpt-5", 1, 1, 0, 1, 0, 1, 1L));

    assertThat(store.usage(taskId + "-nobody")).isEmpty();
  }
}
