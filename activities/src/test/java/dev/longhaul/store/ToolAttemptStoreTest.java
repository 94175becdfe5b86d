package dev.longhaul.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.testing.TestDatabase;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ToolAttemptStoreTest {
  private final ToolAttemptStore store = TestDatabase.store().toolAttempts();
  private final String taskId = "attempts-" + UUID.randomUUID();

  @Test
  void anAttemptThatBegan_isUnfinishedUntilItFinishes() {
    String id = store.begin(taskId, 7, "call_1", 1, "4242@host-a", true);

    ToolAttempt running = store.attempts(taskId, 7, "call_1").get(0);
    store.finish(id, true);
    ToolAttempt finished = store.attempts(taskId, 7, "call_1").get(0);

    assertThat(running.id()).isEqualTo(id);
    assertThat(running.attempt()).isEqualTo(1);
    assertThat(running.worker()).isEqualTo("4242@host-a");
    assertThat(running.started()).isNotNull();
    assertThat(running.finished()).isNull();
    assertThat(running.failed()).isNull();
    assertThat(running.leftUnfinished()).isTrue();
    assertThat(finished.finished()).isNotNull();
    assertThat(finished.failed()).isTrue();
    assertThat(finished.leftUnfinished()).isFalse();
  }

  @Test
  void anAttemptThatOnlyAnswered_isNeverLeftUnfinished() {
    store.begin(taskId, 7, "call_1", 2, "4343@host-b", false);

    assertThat(store.attempts(taskId, 7, "call_1")).singleElement()
        .satisfies(a -> assertThat(a.executed()).isFalse())
        .satisfies(a -> assertThat(a.leftUnfinished()).isFalse());
  }

  @Test
  void attempts_areThoseOfTheOneCall_oldestFirst() {
    String first = store.begin(taskId, 7, "call_1", 1, "w", true);
    String second = store.begin(taskId, 7, "call_1", 2, "w", false);
    store.begin(taskId, 7, "call_other", 1, "w", true); // a call of an earlier timeline at this seq
    store.begin(taskId, 8, "call_1", 1, "w", true);
    store.begin(taskId + "-other", 7, "call_1", 1, "w", true);

    assertThat(store.attempts(taskId, 7, "call_1")).extracting(ToolAttempt::id)
        .containsExactly(first, second);
  }
}
