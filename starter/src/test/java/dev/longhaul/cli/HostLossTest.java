package dev.longhaul.cli;

import static dev.longhaul.cli.ProcessStack.STEP_LIMIT;
import static dev.longhaul.testing.ModelScript.afterSilence;
import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.store.Item;
import dev.longhaul.testing.FakeModelServer;
import dev.longhaul.testing.Reply;
import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace survives its host: two {@code longhaul worker} processes with their own host ids and
 * workspace roots; the task is bound to host A, snapshots its workspace at a checkpoint, works on,
 * and host A is SIGKILLed for good (between tool calls, or in the middle of one). Host B restores
 * the snapshot and finishes the task, the model told which calls were lost.
 *
 * <p>Printed, not asserted: the recovery time, from the kill to the first model request that
 * carries the move note ({@code LONGHAUL_HOST_TIMEOUT}, 5 s here, then the restore; after a kill
 * mid-tool, the heartbeat timeout, 10 s, first).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostLossTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> ENV = Map.of(
      "LONGHAUL_CONTEXT_WINDOW", "16000",
      "LONGHAUL_AUTO_COMPACT_TOKENS", "6000",
      "LONGHAUL_TOOL_OUTPUT_TOKENS", "1500",
      "LONGHAUL_HOST_TIMEOUT", "5s");

  @RegisterExtension static final ProcessStack stack = new ProcessStack();
  @TempDir Path workspace;
  @TempDir Path rootA;
  @TempDir Path rootB;
  final FakeModelServer model = stack.model();

  /**
   * Host A is killed while the task's model call runs (on either worker): the next tool call waits
   * on host A's queue, no worker picks it up, and host B restores the checkpoint's snapshot.
   */
  @Test
  void hostKilledForGoodBetweenTools_theTaskFinishesOnAnotherHost_withTheSnapshotsFilesAndTheRedoneWork()
      throws Exception {
    AtomicInteger afterCompaction = new AtomicInteger();
    String taskId = startOnHostA(afterCompaction, n -> switch (n) {
      case 1 -> reply(toolCall("shell", shell("echo two > lost.txt")));
      default -> afterSilence(Duration.ofSeconds(4), toolCall("shell", shell("echo redo > b.txt")));
    });

    Await.until(() -> afterCompaction.get() >= 2, STEP_LIMIT, "the model call after the checkpoint's work");
    assertThat(workspace.resolve("lost.txt")).exists();
    long killed = stack.kill(hostA);

    assertFinishedOnHostB(taskId, killed, "shell: echo two > lost.txt");
  }

  /**
   * Host A is killed in the middle of a tool call: Temporal's retry of the call waits on host A's
   * queue. Only a server that applies the schedule-to-start timeout to each attempt ends that wait
   * (the Temporal CLI's dev server does, as a cluster does; Temporal's Java test server leaves the
   * retry waiting for good), so this runs on the CLI's dev server.
   */
  @Test
  @RequiresTemporalCli
  void hostKilledForGoodMidTool_theTaskFinishesOnAnotherHost() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(ProcessStack.onCliDevServer(),
        "runs in the build's second pass, on the Temporal CLI's dev server");
    AtomicInteger afterCompaction = new AtomicInteger();
    String taskId = startOnHostA(afterCompaction, n -> switch (n) {
      case 1 -> reply(toolCall("shell", shell("echo two > lost.txt")));
      case 2 -> reply(toolCall("shell", shell("sleep 60")));
      default -> reply(toolCall("shell", shell("echo redo > b.txt")));
    });

    Await.until(() -> afterCompaction.get() >= 2, STEP_LIMIT, "the sleep after the checkpoint");
    Thread.sleep(1_000); // a second into the sleep
    List<ProcessHandle> orphans = hostA.descendants().toList();
    long killed = stack.kill(hostA);
    stack.killOrphans(orphans);

    assertFinishedOnHostB(taskId, killed, "shell: sleep 60");
  }

  private Process hostA;

  /**
   * Host A alone, then the task (bound to it), then host B. The model writes a.txt, reads big.txt
   * until the task compacts (a checkpoint, so a snapshot), then answers from {@code afterCheckpoint}
   * by the number of its call since; once told of the move it redoes b.txt and is done.
   */
  private String startOnHostA(AtomicInteger afterCompaction, IntFunction<Reply> afterCheckpoint) throws Exception {
    Files.writeString(workspace.resolve("seed.txt"), "seed\n");
    Files.writeString(workspace.resolve("big.txt"), CrashRecoveryTest.logLines(3_000));
    AtomicInteger pages = new AtomicInteger();
    model.otherwise(request -> {
      String body = request.rawBody();
      if (body.contains("workspace_moved")) {
        return body.contains("echo redo > b.txt") ? reply(text("Done on another host."))
            : reply(toolCall("shell", shell("echo redo > b.txt")));
      }
      if (!body.contains("gAAAAcompacted-")) {
        int page = pages.incrementAndGet();
        if (page == 1) return reply(toolCall("shell", shell("echo one > a.txt")));
        return reply(toolCall("read_file", "{\"path\":\"big.txt\",\"start_line\":" + (page * 150 - 149)
            + ",\"end_line\":" + (page * 150) + "}"));
      }
      return afterCheckpoint.apply(afterCompaction.incrementAndGet());
    });
    hostA = stack.startWorker("host-a", ENV, "--host-id", "host-a", "--workspace-root", rootA.toString());
    stack.pollingSince(hostA);
    String taskId = stack.startTask(workspace, "Write a.txt, read big.txt, then more");
    AgentWorkflow task = stack.client().newWorkflowStub(AgentWorkflow.class, taskId);
    Await.until(() -> "host-a".equals(task.progress().host()), STEP_LIMIT, "the binding to host-a");
    stack.pollingSince(stack.startWorker("host-b", ENV, "--host-id", "host-b", "--workspace-root", rootB.toString()));
    return taskId;
  }

  /** On host B: the snapshot's files, the redone work, not what was lost; the model told. */
  private void assertFinishedOnHostB(String taskId, long killed, String lostCall) throws Exception {
    long moved = Await.value(() -> model.requests().stream().anyMatch(r -> r.rawBody().contains("workspace_moved"))
        ? System.nanoTime() : null, STEP_LIMIT, "the first request after the move");
    Progress done = stack.awaitTurnEnd(taskId);

    assertThat(done.lastMessage()).isEqualTo("Done on another host.");
    assertThat(done.host()).isEqualTo("host-b");
    Path onB = rootB.resolve(taskId);
    assertThat(Files.readString(onB.resolve("seed.txt"))).isEqualTo("seed\n");
    assertThat(Files.readString(onB.resolve("a.txt"))).isEqualTo("one\n");
    assertThat(Files.readString(onB.resolve("b.txt"))).isEqualTo("redo\n");
    assertThat(onB.resolve("lost.txt")).doesNotExist();
    List<String> notes = stack.items(taskId).stream().map(Item::raw).filter(r -> r.contains("workspace_moved")).toList();
    assertThat(notes).singleElement().asString()
        .contains("from host host-a to host host-b").contains(onB.toString())
        .contains("shell: echo two > lost.txt").contains(lostCall);
    assertThat(stack.store().task(taskId).orElseThrow().host()).isEqualTo("host-b");
    stack.endTask(taskId);
    System.out.printf("%s%n  host A killed; the model heard of the move %.1fs later%n",
        stack.scenario(), (moved - killed) / 1e9);
  }

  private static String shell(String command) {
    return JSON.createObjectNode().put("command", command).toString();
  }
}
