package dev.longhaul.cli;

import static dev.longhaul.cli.ProcessStack.STEP_LIMIT;
import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.store.Item;
import dev.longhaul.testing.FakeModelServer;
import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * and host A is SIGKILLed for good in the middle of a tool call. Host B restores the snapshot and
 * finishes the task, the model told which calls were lost.
 *
 * <p>Printed, not asserted: the recovery time, from the kill to the first model request that
 * carries the move note (the heartbeat timeout, 10 s, then {@code LONGHAUL_HOST_TIMEOUT}, 5 s here,
 * then the restore).
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

  @Test
  void hostKilledForGood_theTaskFinishesOnAnotherHost_withTheSnapshotsFilesAndTheRedoneWork() throws Exception {
    Files.writeString(workspace.resolve("seed.txt"), "seed\n");
    Files.writeString(workspace.resolve("big.txt"), CrashRecoveryTest.logLines(3_000));
    AtomicInteger pages = new AtomicInteger();
    AtomicInteger afterCompaction = new AtomicInteger();
    TimedReplies timed = new TimedReplies(request -> {
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
      return switch (afterCompaction.incrementAndGet()) {
        case 1 -> reply(toolCall("shell", shell("echo two > lost.txt")));
        default -> reply(toolCall("shell", shell("sleep 60")));
      };
    });
    model.otherwise(timed);
    Process hostA = stack.startWorker("host-a", ENV, "--host-id", "host-a", "--workspace-root", rootA.toString());
    stack.pollingSince(hostA);
    String taskId = stack.startTask(workspace, "Write a.txt, read big.txt, then more");
    AgentWorkflow task = stack.client().newWorkflowStub(AgentWorkflow.class, taskId);
    Await.until(() -> "host-a".equals(task.progress().host()), STEP_LIMIT, "the binding to host-a");
    Process hostB = stack.startWorker("host-b", ENV, "--host-id", "host-b", "--workspace-root", rootB.toString());
    stack.pollingSince(hostB);

    Await.until(() -> afterCompaction.get() >= 2, STEP_LIMIT, "the sleep after the checkpoint");
    assertThat(workspace.resolve("lost.txt")).exists();
    Thread.sleep(1_000); // a second into the sleep
    List<ProcessHandle> orphans = hostA.descendants().toList();
    long killed = stack.kill(hostA);
    stack.killOrphans(orphans);

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
        .contains("shell: echo two > lost.txt").contains("shell: sleep 60");
    assertThat(stack.store().task(taskId).orElseThrow().host()).isEqualTo("host-b");
    stack.endTask(taskId);
    System.out.printf("%s%n  host A killed; the model heard of the move %.1fs later%n",
        stack.scenario(), (moved - killed) / 1e9);
  }

  private static String shell(String command) {
    return JSON.createObjectNode().put("command", command).toString();
  }
}
