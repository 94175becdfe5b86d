package dev.longhaul.cli;

import static dev.longhaul.cli.ProcessStack.STEP_LIMIT;
import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.activities.WorkspaceSnapshots;
import dev.longhaul.contract.SnapshotResult;
import dev.longhaul.store.SnapshotStore;
import dev.longhaul.testing.FakeModelServer;
import dev.longhaul.workflow.AgentWorkflow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test: a 100 MB workspace's snapshots (baseline, a change of 1 MB, restore), and
 * the recovery of a task whose host is SIGKILLed for good, with real {@code longhaul worker}
 * processes. Run it with the command in BENCHMARKS.md.
 */
@EnabledIfSystemProperty(named = "longhaul.benchmark", matches = "true")
class HostRecoveryBenchmark {
  static final int FILES = 1_000;
  static final int FILE_BYTES = 100 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final ProcessStack stack = new ProcessStack();
  @TempDir Path workspace;
  @TempDir Path rootA;
  @TempDir Path rootB;
  @TempDir Path restored;

  @Test
  void snapshotsOfA100MbWorkspace() throws Exception {
    WorkspaceSnapshots snapshots = new WorkspaceSnapshots(new SnapshotStore(stack.database()), "bench", Long.MAX_VALUE);
    for (String kind : List.of("text", "random")) {
      Path ws = Files.createDirectories(workspace.resolve(kind));
      fill(ws, kind.equals("text"));
      String task = "bench-" + kind + "-" + System.nanoTime();
      long t0 = System.nanoTime();
      SnapshotResult baseline = snapshots.take(task, ws, 0, "baseline", () -> {});
      long t1 = System.nanoTime();
      for (int i = 0; i < 10; i++) Files.write(ws.resolve("f" + i + ".dat"), content(i + 7, true));
      SnapshotResult change = snapshots.take(task, ws, 1, "checkpoint 1", () -> {});
      long t2 = System.nanoTime();
      snapshots.restore(task, 1, restored.resolve(kind), () -> {});
      long t3 = System.nanoTime();
      System.out.printf("%s workspace, %d MB in %d files: baseline %.1f MB in %.2fs; 1 MB changed: snapshot"
              + " %.2f MB in %.2fs; restore (baseline + change) %.2fs%n",
          kind, FILES * (long) FILE_BYTES / (1024 * 1024), FILES, baseline.bytes() / 1048576.0, (t1 - t0) / 1e9,
          change.bytes() / 1048576.0, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    }
  }

  @Test
  void recoveryAfterTheHostOfATaskWithA100MbWorkspaceIsKilled() throws Exception {
    fill(workspace, true);
    Map<String, String> env = Map.of("LONGHAUL_HOST_TIMEOUT", "10s");
    FakeModelServer model = stack.model();
    AtomicBoolean slept = new AtomicBoolean();
    model.otherwise(request -> {
      if (request.rawBody().contains("workspace_moved")) return reply(text("Done."));
      return slept.getAndSet(true) ? reply(text("Done.")) : reply(toolCall("shell", shell("sleep 120")));
    });
    Process hostA = stack.startWorker("host-a", env, "--host-id", "host-a", "--workspace-root", rootA.toString());
    stack.pollingSince(hostA);
    long started = System.nanoTime();
    String taskId = stack.startTask(workspace, "Sleep");
    AgentWorkflow task = stack.client().newWorkflowStub(AgentWorkflow.class, taskId);
    long bound = Await.value(() -> model.requests().isEmpty() ? null : System.nanoTime(), STEP_LIMIT, "the first step");
    // Only now: host B would otherwise race host A for the binding.
    Process hostB = stack.startWorker("host-b", env, "--host-id", "host-b", "--workspace-root", rootB.toString());
    stack.pollingSince(hostB);
    Await.until(() -> task.progress().lastTool() != null, STEP_LIMIT, "the sleep");
    Thread.sleep(2_000);
    List<ProcessHandle> orphans = hostA.descendants().toList();
    long killed = stack.kill(hostA);
    stack.killOrphans(orphans);
    long told = Await.value(() -> model.requests().stream().anyMatch(r -> r.rawBody().contains("workspace_moved"))
        ? System.nanoTime() : null, Duration.ofSeconds(120), "the step after the move");
    stack.awaitTurnEnd(taskId);
    System.out.printf("100 MB workspace (text): bound with its baseline snapshot %.1fs after start;"
            + " host A killed mid-tool; the model heard of the move to %s %.1fs later"
            + " (heartbeat timeout 10 s + LONGHAUL_HOST_TIMEOUT 10 s + restore)%n",
        (bound - started) / 1e9, task.progress().host(), (told - killed) / 1e9);
  }

  /** {@link #FILES} files of {@link #FILE_BYTES}: words (compress like source code) or random bytes. */
  private static void fill(Path dir, boolean text) throws Exception {
    for (int i = 0; i < FILES; i++) Files.write(dir.resolve("f" + i + ".dat"), content(i, text));
  }

  private static byte[] content(int seed, boolean text) {
    Random random = new Random(seed);
    byte[] bytes = new byte[FILE_BYTES];
    if (!text) {
      random.nextBytes(bytes);
      return bytes;
    }
    String[] words = {"public", "final", "class", "return", "void", "int", "String", "import", "new", "if",
        "for", "static", "private", "this", "null", "true", "false", "List", "Map", "value"};
    StringBuilder out = new StringBuilder(FILE_BYTES);
    while (out.length() < FILE_BYTES) {
      out.append(words[random.nextInt(words.length)]).append(random.nextInt(10) == 0 ? ";\n" : " ");
      if (random.nextInt(30) == 0) out.append(random.nextInt(100_000));
    }
    byte[] all = out.toString().getBytes(StandardCharsets.UTF_8);
    System.arraycopy(all, 0, bytes, 0, FILE_BYTES);
    return bytes;
  }

  private static String shell(String command) {
    return JSON.createObjectNode().put("command", command).toString();
  }
}
