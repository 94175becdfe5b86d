package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.store.Item;
import dev.longhaul.testing.GitRepo;
import dev.longhaul.testing.TestDatabase;
import dev.longhaul.workflow.MoveRequest;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskStatus;
import dev.longhaul.workflow.TurnRequest;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task's tools run on the host that holds its workspace; its workspace survives that host (a
 * snapshot restored elsewhere) and moves on request. Two hosts in one JVM: the harness's worker
 * ({@value #HOST_A}, polling the shared queue too) and a second one polling only its own queue.
 */
class HostAffinityTest {
  static final String HOST_A = "host-a";
  static final String HOST_B = "host-b";
  static final Duration HOST_TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path workspace;
  @TempDir Path rootA;
  @TempDir Path rootB;
  AgentHarness harness;
  WorkerFactory hostB;

  @BeforeEach
  void start() {
    harness = harness(Long.MAX_VALUE); // skips, or fails under CI, on a dev server without the CLI
  }

  private AgentHarness harness(long snapshotLimitBytes) {
    return AgentHarness.builder().settings(s -> s.withHost(s.host().withHostId(HOST_A).withWorkspaceRoot(rootA)
        .withHostTimeout(HOST_TIMEOUT).withSnapshotLimitBytes(snapshotLimitBytes))).build();
  }

  @AfterEach
  void stop() {
    if (hostB != null) hostB.shutdownNow();
    if (harness != null) harness.close();
  }

  @Test
  void aNewTask_isBoundToTheHostThatHasItsWorkspace_andItsBaselineIsStored() throws Exception {
    Files.writeString(workspace.resolve("seed.txt"), "seed");
    harness.model.script(reply(toolCall("shell", "{\"command\":\"echo one > a.txt\"}")), reply(text("Done.")));

    String taskId = harness.start(workspace, "Write a.txt");
    Progress done = harness.awaitTurnEnd(taskId, 1);

    assertThat(done.host()).isEqualTo(HOST_A);
    assertThat(done.snapshots()).isEqualTo("last snapshot 0, 1 mutating tool calls since");
    assertThat(Files.readString(workspace.resolve("a.txt"))).isEqualTo("one\n");
    assertThat(harness.store.task(taskId).orElseThrow().host()).isEqualTo(HOST_A);
  }

  @Test
  void tasksClonedFromARepository_withTwoHostsOpeningTasks_eachBindToTheHostThatHasItsClone() throws Exception {
    GitRepo origin = GitRepo.init(workspace.resolve("origin"));
    origin.write("README", "hello\n").commit("first");
    // Host B runs a whole worker too (the shared queue besides its own), so either may open a task.
    hostB = WorkerFactory.newInstance(harness.client);
    LonghaulWorker.register(hostB, TestDatabase.database(), harness.settings().withHost(
        harness.settings().host().withHostId(HOST_B).withWorkspaceRoot(rootB).withHostTimeout(HOST_TIMEOUT)));
    hostB.start();
    harness.model.otherwise(request -> request.input("function_call_output").isEmpty()
        ? reply(toolCall("shell", "{\"command\":\"echo made > made.txt\"}"))
        : reply(text("Made.")));

    List<String> tasks = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      tasks.add(harness.start(dev.longhaul.workflow.TaskInput.of(null, "Make a file").withRepo(origin.dir.toString(), null)));
    }
    for (String taskId : tasks) {
      Progress done = harness.awaitTurnEnd(taskId, 1);
      assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(TaskStatus.idle);
      Path root = HOST_A.equals(done.host()) ? rootA : rootB;
      assertThat(root.resolve(taskId).resolve("made.txt")).as("the clone on " + done.host()).hasContent("made");
      assertThat(root.resolve(taskId).resolve("README")).hasContent("hello");
    }
  }

  @Test
  void aReadOnlyCall_runsInTheWorkflowsOwnWorker_onlyWhileThatWorkersHostHoldsTheWorkspace() throws Exception {
    Files.writeString(workspace.resolve("notes.txt"), "kept here\n");
    harness.model.script(
        reply(toolCall("read_file", "{\"path\":\"notes.txt\"}")), reply(text("Read 1.")),
        reply(toolCall("read_file", "{\"path\":\"notes.txt\"}")), reply(text("Read 2.")));
    String taskId = harness.start(workspace, "Read notes.txt");
    harness.awaitTurnEnd(taskId, 1);
    // On host A, which runs the workflow too: a local activity, no tool activity on any queue.
    assertThat(toolQueues(taskId)).isEmpty();
    assertThat(localActivities(taskId)).containsExactly("RunToolHere");
    assertThat(toolOutputs(taskId)).hasSize(1).allMatch(raw -> raw.contains("kept here"));

    hostB = harness.startHost(HOST_B, rootB);
    harness.existing(taskId).move(new MoveRequest(HOST_B));
    harness.awaitProgress(taskId, p -> HOST_B.equals(p.host()), "the move to host-b");
    Files.writeString(rootB.resolve(taskId).resolve("notes.txt"), "read on b\n");
    harness.existing(taskId).submitTurn(new TurnRequest("Read it again", null));
    assertThat(harness.awaitTurnEnd(taskId, 2).lastMessage()).isEqualTo("Read 2.");

    // Host A's worker still runs the workflow, but no longer holds the workspace: it declines the
    // call, which goes to host B's queue.
    assertThat(localActivities(taskId)).containsExactly("RunToolHere", "RunToolHere");
    assertThat(toolQueues(taskId)).containsExactly(dev.longhaul.contract.HostBinding.queue(HOST_B));
    assertThat(toolOutputs(taskId)).hasSize(2).last().asString().contains("read on b");
  }

  /** The queue of each RunTool activity the task scheduled, across its runs. */
  private List<String> toolQueues(String taskId) {
    return AgentHarness.runs(harness.client, taskId).stream().flatMap(List::stream)
        .filter(e -> e.hasActivityTaskScheduledEventAttributes()
            && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("RunTool"))
        .map(e -> e.getActivityTaskScheduledEventAttributes().getTaskQueue().getName()).toList();
  }

  /** The type of each local activity the task ran, across its runs. */
  private List<String> localActivities(String taskId) {
    return AgentHarness.runs(harness.client, taskId).stream().flatMap(List::stream)
        .filter(e -> e.hasMarkerRecordedEventAttributes()
            && e.getMarkerRecordedEventAttributes().getMarkerName().equals("LocalActivity"))
        .map(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().get("type").getPayloads(0).getData()
            .toStringUtf8().replace("\"", ""))
        .toList();
  }

  private List<String> toolOutputs(String taskId) {
    return harness.transcript(taskId).stream().map(Item::raw)
        .filter(raw -> raw.contains("function_call_output")).toList();
  }

  @Test
  void aMovedTask_runsOnTheNewHost_andWhenThatHostDies_movesOn_toldWhichCallsWereLost() throws Exception {
    Files.writeString(workspace.resolve("seed.txt"), "seed");
    harness.model.script(
        reply(toolCall("shell", "{\"command\":\"echo one > a.txt\"}")), reply(text("Done 1.")),
        reply(toolCall("shell", "{\"command\":\"echo lost > lost.txt\"}")), reply(text("Done 2.")),
        reply(toolCall("shell", "{\"command\":\"echo two > b.txt\"}")), reply(text("Done 3.")));
    String taskId = harness.start(workspace, "Write a.txt");
    harness.awaitTurnEnd(taskId, 1);

    hostB = harness.startHost(HOST_B, rootB);
    harness.existing(taskId).move(new MoveRequest(HOST_B));
    harness.awaitProgress(taskId, p -> HOST_B.equals(p.host()), "the move to host-b");
    Path onB = rootB.resolve(taskId);
    assertThat(Files.readString(onB.resolve("a.txt"))).isEqualTo("one\n");
    assertThat(Files.readString(onB.resolve("seed.txt"))).isEqualTo("seed");
    assertThat(harness.store.task(taskId).orElseThrow().host()).isEqualTo(HOST_B);

    harness.existing(taskId).submitTurn(new TurnRequest("Write lost.txt", null));
    harness.awaitTurnEnd(taskId, 2);
    assertThat(onB.resolve("lost.txt")).exists();
    hostB.shutdownNow();
    hostB.awaitTermination(10, TimeUnit.SECONDS);

    harness.existing(taskId).submitTurn(new TurnRequest("Write b.txt", null));
    Progress done = harness.awaitTurnEnd(taskId, 3);

    assertThat(done.status()).isEqualTo(TaskStatus.idle);
    assertThat(done.host()).isEqualTo(HOST_A);
    Path onA = rootA.resolve(taskId);
    assertThat(Files.readString(onA.resolve("a.txt"))).isEqualTo("one\n");
    assertThat(Files.readString(onA.resolve("b.txt"))).isEqualTo("two\n");
    assertThat(onA.resolve("lost.txt")).doesNotExist();
    List<String> notes = harness.transcript(taskId).stream().map(Item::raw)
        .filter(raw -> raw.contains("workspace_moved")).toList();
    assertThat(notes).hasSize(2);
    assertThat(notes.get(0)).contains("moved on request").contains(onB.toString()).doesNotContain("were lost");
    assertThat(notes.get(1)).contains("no worker of host host-b picked up a step within 5 s")
        .contains(onA.toString()).contains("shell: echo lost > lost.txt");
  }

  @Test
  void aMoveToAHostWithNoWorker_leavesTheTaskWhereItWas_andSaysWhy() throws Exception {
    harness.model.script(reply(text("Done 1.")), reply(toolCall("shell", "{\"command\":\"echo two > b.txt\"}")),
        reply(text("Done 2.")));
    String taskId = harness.start(workspace, "Hello");
    harness.awaitTurnEnd(taskId, 1);

    harness.existing(taskId).move(new MoveRequest("host-z"));
    Progress failed = harness.awaitProgress(taskId, p -> p.moveError() != null, "the failed move");

    assertThat(failed.moveError())
        .isEqualTo("move to host-z failed: no worker of host host-z picked it up within 5 s");
    assertThat(failed.host()).isEqualTo(HOST_A);
    harness.existing(taskId).submitTurn(new TurnRequest("Write b.txt", null));
    assertThat(harness.awaitTurnEnd(taskId, 2).lastMessage()).isEqualTo("Done 2.");
    assertThat(workspace.resolve("b.txt")).exists();
  }

  @Test
  void aWorkspaceOverTheSnapshotLimit_stopsSnapshots_notTheTask() throws Exception {
    harness.close();
    harness = harness(1024);
    byte[] noise = new byte[64 * 1024];
    new java.util.Random(7).nextBytes(noise);
    Files.write(workspace.resolve("noise.bin"), noise);
    harness.model.script(reply(toolCall("shell", "{\"command\":\"echo one > a.txt\"}")), reply(text("Done.")));

    String taskId = harness.start(workspace, "Write a.txt");
    Progress done = harness.awaitTurnEnd(taskId, 1);

    assertThat(done.lastMessage()).isEqualTo("Done.");
    assertThat(done.snapshots()).matches(
        "snapshots stopped: the workspace is 0\\.1 MB compressed, over the 0\\.0 MB limit \\(LONGHAUL_SNAPSHOT_LIMIT_MB\\)");
    assertThat(new dev.longhaul.store.SnapshotStore(TestDatabase.database()).snapshots(taskId)).isEmpty();
  }
}
