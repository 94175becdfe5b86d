package dev.longhaul.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.contract.StatusUpdate;
import dev.longhaul.testing.TestDatabase;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskStoreTest {
  private final TaskStore store = TestDatabase.store().tasks();
  private final String taskId = "task-" + UUID.randomUUID();

  @Test
  void openTaskAndRecordStatus_roundTrip() {
    store.openTask(taskId, "/work/repo", "Fix the build", "gpt-test");

    TaskRow opened = store.task(taskId).orElseThrow();
    assertThat(opened.taskId()).isEqualTo(taskId);
    assertThat(opened.workspace()).isEqualTo("/work/repo");
    assertThat(opened.title()).isEqualTo("Fix the build");
    assertThat(opened.model()).isEqualTo("gpt-test");
    assertThat(opened.status()).isEqualTo("running");
    assertThat(opened.turn()).isZero();
    assertThat(opened.step()).isZero();
    assertThat(opened.lastMessage()).isNull();
    assertThat(opened.error()).isNull();
    assertThat(opened.created()).isNotNull();
    assertThat(opened.updated()).isNotNull();

    store.recordStatus(new StatusUpdate(taskId, "failed", 2, 7, "Tried twice.", "model rejected"));

    TaskRow updated = store.task(taskId).orElseThrow();
    assertThat(updated.status()).isEqualTo("failed");
    assertThat(updated.turn()).isEqualTo(2);
    assertThat(updated.step()).isEqualTo(7);
    assertThat(updated.lastMessage()).isEqualTo("Tried twice.");
    assertThat(updated.error()).isEqualTo("model rejected");
    assertThat(updated.created()).isEqualTo(opened.created());
    assertThat(updated.updated()).isAfterOrEqualTo(opened.updated());
  }

  @Test
  void anUnknownTask_isEmpty() {
    assertThat(store.task(taskId)).isEmpty();
  }

  @Test
  void tasks_listsTheNewestFirst_upToTheLimit() {
    List<String> ids = List.of(taskId + "-a", taskId + "-b", taskId + "-c");
    for (String id : ids) store.openTask(id, "/w", "title " + id, null);

    List<String> listed =
        store.tasks(10_000).stream().map(TaskRow::taskId).filter(ids::contains).toList();

    assertThat(listed).containsExactly(ids.get(2), ids.get(1), ids.get(0));
    assertThat(store.tasks(2)).hasSize(2);
  }

  @Test
  void theOriginRecordedFirst_stays_whenTheTaskOpensAgainOnItsClone() {
    store.openTask(taskId, "/roots/" + taskId, "Fix it", null);
    store.recordOrigin(taskId, new TaskOrigin("https://example.com/r.git", "main", "abc123"));

    store.recordOrigin(taskId, new TaskOrigin(null, null, "def456")); // resumed: HEAD has moved

    assertThat(store.origin(taskId)).contains(new TaskOrigin("https://example.com/r.git", "main", "abc123"));
    assertThat(store.origin(taskId + "-unknown")).isEmpty();
  }
}
