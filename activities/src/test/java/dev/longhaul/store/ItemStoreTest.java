package dev.longhaul.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.contract.StatusUpdate;
import dev.longhaul.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ItemStoreTest {
  private final ItemStore store = TestDatabase.store();
  private final String taskId = "task-" + UUID.randomUUID();

  private static Item item(long seq, String text) {
    return new Item(seq, 1, "message:user", "{\"type\":\"message\",\"text\":\"" + text + "\"}", 7);
  }

  private List<Item> all() {
    return store.items(taskId, 0, Long.MAX_VALUE);
  }

  @Test
  void upsertingTwiceAtTheSameSeq_leavesOneRowWithTheLastContent() {
    store.upsert(taskId, new Item(3, 1, "function_call_output", "{\"output\":\"first\"}", 5));
    store.upsert(taskId, new Item(3, 2, "function_call_output", "{\"output\":\"second\"}", 9));

    assertThat(all()).containsExactly(new Item(3, 2, "function_call_output", "{\"output\":\"second\"}", 9));
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
    store.upsert(taskId, new Item(0, 1, "reasoning", raw, 12));

    assertThat(store.item(taskId, 0).orElseThrow().raw()).isEqualTo(raw);
  }

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
  void connectingToAnAlreadyMigratedDatabase_changesNothing() throws Exception {
    TestDatabase.database(); // migrated once
    int migrations = 0;
    while (Database.class.getResource("/db/V" + (migrations + 1) + ".sql") != null) migrations++;
    assertThat(migrations).isPositive();

    try (Database again = Database.connect(TestDatabase.url());
        Connection c = again.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*), count(distinct version), max(version) from schema_version")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(migrations);
      assertThat(rs.getInt(2)).isEqualTo(migrations);
      assertThat(rs.getInt(3)).isEqualTo(migrations);
    }
    // The shared connection still works, and so do the tables.
    store.upsert(taskId, item(0, "after"));
    assertThat(all()).containsExactly(item(0, "after"));
  }
}
