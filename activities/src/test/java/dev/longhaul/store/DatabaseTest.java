package dev.longhaul.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.longhaul.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

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

  @Test
  void aTransactionWhoseConnectionDies_reportsWhyItDied_notThatTheRollbackFoundItClosed() {
    // The pool closes a connection whose error says the session is gone; the rollback that follows
    // then fails with "Connection is closed", and that used to be the only cause the user saw.
    try (Database db = Database.connect(TestDatabase.url())) {
      assertThatThrownBy(() -> Jdbc.transaction(db, "a doomed write", c -> {
            try (Statement s = c.createStatement()) {
              s.execute("select pg_terminate_backend(pg_backend_pid())");
            }
          }))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("could not store a doomed write")
          .cause().isInstanceOf(PSQLException.class)
          .hasMessageContaining("terminat");
    }
  }
}
