package dev.longhaul.activities;

import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.contract.ToolRequest;
import dev.longhaul.contract.ToolsHere;
import dev.longhaul.prompt.TokenCounter;
import dev.longhaul.store.Item;
import dev.longhaul.store.ItemKind;
import dev.longhaul.store.Store;
import dev.longhaul.testing.TestDatabase;
import dev.longhaul.tools.ToolRegistry;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local activity that runs read-only calls in the workflow's own worker: the real tool
 * activities and PostgreSQL, on Temporal's activity test environment.
 */
class ToolsHereTest {
  private final Store store = TestDatabase.store();
  private final String taskId = "task-" + UUID.randomUUID();
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

  @TempDir Path workspace;

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void aReadOnlyCall_onTheHostThatHoldsTheWorkspace_runsAndStoresItsOutput() throws Exception {
    Files.writeString(workspace.resolve("notes.txt"), "here\n");
    ToolsHere.Result result = here("host-a").runToolHere(
        new ToolsHere.Request("host-a", call("read_file", "{\"path\":\"notes.txt\"}")));

    assertThat(result.ranHere()).isTrue();
    assertThat(result.result().failed()).isFalse();
    assertThat(store.items().item(taskId, 2).orElseThrow().raw()).contains("here");
  }

  @Test
  void aCallForATaskOnAnotherHost_isDeclined_andNothingRunsOrIsStored() throws Exception {
    Files.writeString(workspace.resolve("notes.txt"), "here\n");
    ToolsHere.Result result = here("host-a").runToolHere(
        new ToolsHere.Request("host-b", call("read_file", "{\"path\":\"notes.txt\"}")));

    assertThat(result.ranHere()).isFalse();
    assertThat(store.items().item(taskId, 2)).isEmpty();
  }

  @Test
  void aMutatingCall_isDeclinedEvenOnItsHost_forTheHostQueueAndItsRunOnceBookkeeping() {
    ToolsHere.Result result = here("host-a").runToolHere(
        new ToolsHere.Request("host-a", call("shell", "{\"command\":\"echo ran > ran.txt\"}")));

    assertThat(result.ranHere()).isFalse();
    assertThat(workspace.resolve("ran.txt")).doesNotExist();
    assertThat(store.items().item(taskId, 2)).isEmpty();
  }

  @Test
  void aTaskFromBeforeHosts_runsOnAnyWorker() throws Exception {
    Files.writeString(workspace.resolve("notes.txt"), "anywhere\n");
    ToolsHere.Result result = here("host-a").runToolHere(
        new ToolsHere.Request(null, call("read_file", "{\"path\":\"notes.txt\"}")));

    assertThat(result.ranHere()).isTrue();
    assertThat(store.items().item(taskId, 2).orElseThrow().raw()).contains("anywhere");
  }

  /** The local activity of a worker on {@code hostId}. */
  private ToolsHere here(String hostId) {
    env.registerActivitiesImplementations(new ToolsHereImpl(hostId, new ToolActivitiesImpl(
        store, ToolRegistry.standard(), new TokenCounter(), 2_000, new Redactor(List.of()),
        Confinement.defaults())));
    return env.newLocalActivityStub(ToolsHere.class,
        io.temporal.activity.LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(20)).build(),
        java.util.Map.of());
  }

  /** Stores a call at seq 1 and asks for its output at seq 2. */
  private ToolRequest call(String tool, String arguments) {
    store.items().upsert(taskId, new Item(1, 1, ItemKind.FUNCTION_CALL, toolCall(tool, arguments), 10));
    return new ToolRequest(taskId, 1, workspace.toString(), 1, 2);
  }
}
