package dev.longhaul.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DatabaseTest {
  private final String taskId = "database-" + UUID.randomUUID();

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
    ItemStore items = TestDatabase.store().items();
    Item item = new Item(0, 1, ItemKind.USER_MESSAGE, "{\"type\":\"message\",\"text\":\"after\"}", 7);
    items.upsert(taskId, item);
    assertThat(items.items(taskId, 0, Long.MAX_VALUE)).containsExactly(item);
  }
}
