package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.store.Database;
import dev.longhaul.store.ItemKind;
import dev.longhaul.testing.PgBouncer;
import dev.longhaul.testing.TestDatabase;
import dev.longhaul.workflow.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks on the real workflow and activities whose store is reached through a real PgBouncer in
 * transaction pooling mode, two server connections for the worker's pool of sixteen: the
 * migrations, the model steps, mutating tool calls (with their attempt rows), usage and statuses.
 */
class BehindPgBouncerTest {
  private static final int TASKS = 6;
  private static final int CALLS = 4;
  @TempDir Path root;

  @Test
  void concurrentTasks_runToTheirAnswers_withTheStoreBehindPgBouncer() throws Exception {
    PgBouncer.require();
    try (PgBouncer bouncer = PgBouncer.start(TestDatabase.newDatabase("worker_bouncer"), 2);
        Database database = Database.connect(bouncer.jdbcUrl());
        AgentHarness harness = AgentHarness.builder().database(database).build()) {
      harness.beforeAll(null); // skips (fails in CI) on the CLI's dev server when there is no CLI
      harness.model.otherwise(request -> request.input("function_call_output").size() >= CALLS
          ? reply(text("Done."))
          : reply(toolCall("shell", "{\"command\":\"echo step >> log.txt\"}")));
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        Path workspace = Files.createDirectories(root.resolve("w" + i));
        ids.add(harness.start(workspace, "Log four steps"));
      }

      for (String id : ids) {
        assertThat(harness.awaitTurnEnd(id, 1).status()).isEqualTo(TaskStatus.idle);
        assertThat(harness.transcript(id).stream().filter(i -> i.kind().equals(ItemKind.FUNCTION_CALL_OUTPUT)))
            .hasSize(CALLS);
        assertThat(harness.store.usage(id)).hasSize(CALLS + 1);
      }
      for (int i = 0; i < TASKS; i++) assertThat(root.resolve("w" + i + "/log.txt")).hasContent("step\n".repeat(CALLS).strip());
      harness.model.requests().forEach(AgentHarness::assertEveryCallAnsweredOnce);
    }
  }
}
