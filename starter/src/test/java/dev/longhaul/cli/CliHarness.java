package dev.longhaul.cli;

import dev.longhaul.model.ModelConfig;
import dev.longhaul.testing.FakeModelServer;
import dev.longhaul.worker.DevStack;
import dev.longhaul.worker.LonghaulWorker.WorkerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real dev stack (Temporal's test server on a port, an embedded PostgreSQL, a worker) in the
 * test JVM, found by the CLI through a dev record in a temporary Longhaul home, exactly as a
 * user's commands find {@code longhaul dev}.
 */
final class CliHarness implements AutoCloseable, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  final FakeModelServer model = FakeModelServer.start();
  final Path home;
  final DevStack stack;

  CliHarness() {
    try {
      home = Files.createTempDirectory("longhaul-home");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ModelConfig config = new ModelConfig(model.baseUrl(), null, "test-model", Duration.ofSeconds(5));
    stack = DevStack.start(0, home.resolve("postgres"), WorkerSettings.of(config).withToolOutputBudget(2_000)
        .withWorkspaceRoot(home.resolve("workspaces")));
    new DevRecord(stack.temporalAddress(), DevStack.NAMESPACE, stack.databaseUrl(), ProcessHandle.current().pid())
        .write(home);
  }

  /**
   * Terminates the tasks a test left running: a task still going after its test would ask the
   * shared fake model for the next test's scripted replies (seen on a loaded machine).
   */
  @Override
  public void afterEach(ExtensionContext context) {
    var stub = stack.service().blockingStub();
    var open = stub.listOpenWorkflowExecutions(
        io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest.newBuilder()
            .setNamespace(DevStack.NAMESPACE).setMaximumPageSize(1000).build());
    for (var execution : open.getExecutionsList()) {
      try {
        stub.terminateWorkflowExecution(io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest.newBuilder()
            .setNamespace(DevStack.NAMESPACE).setWorkflowExecution(execution.getExecution())
            .setReason("the test that started it is over").build());
      } catch (io.grpc.StatusRuntimeException e) {
        // It ended between the listing and now.
      }
    }
  }

  /** The environment a user would have: the model's address, no Temporal variables. */
  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("OPENAI_BASE_URL", model.baseUrl());
    return env;
  }

  Result longhaul(String... args) {
    return longhaul(env(), home, args);
  }

  /** A task that answered its one turn and waits, idle, for the next; returns its id. */
  String idleTask(Path workspace) {
    model.script(dev.longhaul.testing.ModelScript.reply(dev.longhaul.testing.ModelScript.text("Done.")));
    String id = LonghaulCommandTest.newId();
    Result run = longhaul("run", "--workspace", workspace.toString(), "--task-id", id, "quick");
    org.assertj.core.api.Assertions.assertThat(run.exitCode()).as(run.err()).isZero();
    return id;
  }

  static Result longhaul(Map<String, String> env, Path home, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Cli cli = new Cli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), home);
    int code = Longhaul.execute(cli, args);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** {@code java -cp <this test's classpath> dev.longhaul.cli.Longhaul args}, sized for a test. */
  static List<String> javaCommand(String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        Longhaul.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * The environment a child process gets: this one's, without its Temporal, OpenAI and Longhaul
   * variables, plus {@code env}.
   */
  static void childEnvironment(ProcessBuilder builder, Map<String, String> env) {
    Map<String, String> childEnv = builder.environment();
    childEnv.keySet().removeIf(k -> k.startsWith("TEMPORAL_") || k.startsWith("LONGHAUL_") || k.startsWith("OPENAI_"));
    childEnv.putAll(env);
  }

  /** Runs {@code command} as its own process to the end (two minutes at most), as a user would. */
  static Result exec(List<String> command, Map<String, String> env) {
    try {
      Path out = Files.createTempFile("longhaul-out", ".txt");
      Path err = Files.createTempFile("longhaul-err", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      childEnvironment(builder, env);
      Process process = builder.start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not end: " + Files.readString(err));
      }
      Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  record Result(int exitCode, String out, String err) {
    /** The one line an error prints. */
    String errorLine() {
      return err.strip();
    }
  }

  /** As a JUnit extension ({@code @RegisterExtension static}): each test starts with a fresh script. */
  @Override
  public void beforeEach(ExtensionContext context) {
    model.reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    stack.close();
    model.close();
  }
}
