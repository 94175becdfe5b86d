package dev.longhaul.worker;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's own development server, {@code temporal server start-dev} from the Temporal CLI, as a
 * child process: the UI built in, workflows kept in a SQLite file, Longhaul's search attributes
 * registered at start. Its output goes to a log file, read back when it fails to start.
 */
public final class CliDevServer implements TemporalServer {
  /** The namespace the dev server creates, and the one Longhaul uses there. */
  public static final String NAMESPACE = "default";

  /**
   * @param cli the {@code temporal} binary
   * @param port the frontend's gRPC port
   * @param uiPort the UI's port
   * @param database the SQLite file that keeps the workflows
   * @param log where the server's output goes (overwritten at each start)
   */
  public record Options(Path cli, int port, int uiPort, Path database, Path log) {}

  private final Options options;
  private final Process process;

  private CliDevServer(Options options, Process process) {
    this.options = options;
    this.process = process;
  }

  /**
   * Starts the server and returns once its frontend answers with the search attributes registered
   * and its UI accepts connections; fails with what its output says when it exits first (a port
   * taken, a damaged database), or when it is not up within {@code timeout}.
   */
  public static CliDevServer start(Options options, Duration timeout) {
    Process process = launch(options);
    CliDevServer server = new CliDevServer(options, process);
    try {
      server.awaitReady(timeout);
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The command line: the server, its ports and file, and Longhaul's search attributes. */
  static List<String> command(Options options) {
    List<String> command = new ArrayList<>(ParentDeath.prefix());
    command.addAll(List.of(
        options.cli().toString(), "server", "start-dev",
        "--ip", "127.0.0.1",
        "--port", String.valueOf(options.port()),
        "--ui-port", String.valueOf(options.uiPort()),
        "--db-filename", options.database().toString(),
        "--namespace", NAMESPACE,
        // Off by default on the dev server, so each worker would log that the server does not
        // support them; on, they report each worker's health to the server and the UI.
        "--dynamic-config-value", "frontend.WorkerHeartbeatsEnabled=true",
        // Off by default on every server: with it, the activity a workflow task schedules comes
        // back to the same worker in the completion's answer, one server round trip instead of a
        // match and a poll, for each model call and each tool call of a step.
        "--dynamic-config-value", "system.enableActivityEagerExecution=true",
        // The history service reads each shard's queue of tasks for matching at most 20 times a
        // second by default: a task scheduled just after a read waits up to 50 ms for the next.
        // That was two waits a step (the tool call and the workflow task after it); the dev
        // server's one shard can afford a read per task.
        "--dynamic-config-value", "history.transferProcessorMaxPollRPS=1000",
        // SQLite's default rollback journal syncs the file on every write, several per step; with
        // a write-ahead log synced at checkpoints, a crash of the process still loses nothing (a
        // power cut may lose the last writes, which a development server can afford).
        "--sqlite-pragma", "journal_mode=wal",
        "--sqlite-pragma", "synchronous=normal"));
    new TreeMap<>(SearchAttributes.cliTypes()).forEach((name, type) -> {
      command.add("--search-attribute");
      command.add(name + "=" + type);
    });
    return command;
  }

  /**
   * Starts the process from a thread that lives exactly as long as it: with {@link ParentDeath},
   * the kernel signals the server when the thread that started it ends, which must therefore be
   * the JVM's end and not some short-lived caller's.
   */
  private static Process launch(Options options) {
    ProcessBuilder builder = new ProcessBuilder(command(options))
        .redirectErrorStream(true)
        .redirectOutput(options.log().toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    try {
      Files.createDirectories(options.log().toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CompletableFuture<Process> started = new CompletableFuture<>();
    Thread owner = new Thread(() -> {
      try {
        Process process = builder.start();
        started.complete(process);
        process.waitFor();
      } catch (IOException e) {
        started.completeExceptionally(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "temporal-dev-server");
    owner.setDaemon(true);
    owner.start();
    try {
      return started.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot run " + options.cli() + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the Temporal dev server", e);
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address()).build());
    try {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException(DevServerFailure.explain(process.exitValue(), tail(), options));
        }
        if (answers(service) && SearchAttributes.registered(service, NAMESPACE) && uiListens()) return;
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the Temporal dev server was not up after " + timeout.toSeconds()
              + " s (its output: " + options.log() + ")");
        }
        sleep(200);
      }
    } finally {
      service.shutdownNow();
    }
  }

  private static boolean answers(WorkflowServiceStubs service) {
    try {
      service.blockingStub().withDeadlineAfter(1, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return true;
    } catch (StatusRuntimeException notYet) {
      return false;
    }
  }

  private boolean uiListens() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", options.uiPort()), 500);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private List<String> tail() {
    try {
      List<String> lines = Files.readAllLines(options.log());
      return lines.subList(Math.max(0, lines.size() - 20), lines.size());
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }

  @Override
  public Kind kind() {
    return Kind.temporal_cli;
  }

  @Override
  public String address() {
    return "127.0.0.1:" + options.port();
  }

  @Override
  public String uiAddress() {
    return "http://localhost:" + options.uiPort();
  }

  @Override
  public OptionalLong pid() {
    return OptionalLong.of(process.pid());
  }

  /** SIGTERM, so that the server closes its database; SIGKILL if it has not ended in 10 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Temporal dev server", e);
    }
  }
}
