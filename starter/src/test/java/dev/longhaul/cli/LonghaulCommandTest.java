package dev.longhaul.cli;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.cli.CliHarness.Result;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The longhaul command end to end against the dev stack and the fake model server. */
class LonghaulCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final CliHarness harness = new CliHarness();
  @TempDir Path workspace;

  @Test
  void run_printsTheIdFollowsTheTurnAndPrintsTheAnswer() {
    harness.model.script(
        // The command takes a second so the watcher, polling four times a second, sees the step.
        reply(toolCall("shell", "{\"command\":\"sleep 1; echo hello > greeting.txt\"}")),
        reply(text("I wrote greeting.txt.\nIt says hello.")));
    String id = newId();

    Result run = harness.longhaul("run", "--workspace", workspace.toString(), "--task-id", id, "Write", "a greeting");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("task " + id + "\n").endsWith("I wrote greeting.txt.\nIt says hello.\n");
    assertThat(run.err()).contains("turn 1 · step 1 · shell: sleep 1; echo hello > greeting.txt", "idle");
    assertThat(workspace.resolve("greeting.txt")).hasContent("hello");
    assertThat(harness.model.requests().get(0).userMessages()).containsExactly("Write a greeting");
  }

  @Test
  void sendWait_runsAFollowUpTurn_andStatusTranscriptAndListShowIt() throws Exception {
    harness.model.script(reply(text("First.")), reply(text("Second answer.")));
    String id = newId();
    assertThat(harness.longhaul("run", "--workspace", workspace.toString(), "--task-id", id, "one").exitCode()).isZero();

    Result send = harness.longhaul("send", "--wait", id, "and", "two");
    assertThat(send.exitCode()).as(send.err()).isZero();
    assertThat(send.out()).endsWith("Second answer.\n");

    Result status = harness.longhaul("status", "--json", id);
    JsonNode json = JSON.readTree(status.out());
    assertThat(json.path("status").asText()).isEqualTo("idle");
    assertThat(json.path("turn").asInt()).isEqualTo(2);
    assertThat(json.path("step").asInt()).isEqualTo(2);
    assertThat(json.path("lastMessage").asText()).isEqualTo("Second answer.");
    assertThat(json.path("tokens").path("input").asLong()).isPositive();

    Result transcript = harness.longhaul("transcript", id);
    assertThat(transcript.out()).contains("── turn 1 ──\nuser: one\nassistant: First.\n── turn 2 ──\nuser: and two\nassistant: Second answer.\n");
    // The conversation's items, after the environment message a sandboxed task starts with.
    List<String> lines = harness.longhaul("transcript", "--json", id).out().lines()
        .filter(line -> !line.contains("\"kind\":\"message:developer\"")).toList();
    assertThat(lines).hasSize(4);
    assertThat(JSON.readTree(lines.get(3)).path("item").path("content").path(0).path("text").asText())
        .isEqualTo("Second answer.");

    assertThat(harness.longhaul("list").out()).containsPattern(id + "\\s+idle\\s+2\\s+2");
  }

  @Test
  void end_finishesTheTask_andLaterCommandsSayItHasEnded() throws Exception {
    harness.model.script(reply(text("Done.")));
    String id = newId();
    harness.longhaul("run", "--workspace", workspace.toString(), "--task-id", id, "quick");

    assertThat(harness.longhaul("end", id).exitCode()).isZero();
    awaitStatus(id, "ended");

    assertThat(harness.longhaul("send", id, "more").errorLine()).isEqualTo("longhaul: task " + id + " has ended");
    assertThat(harness.longhaul("status", id).out()).contains(id + ": ended · turn 1 · step 1");
  }

  @Test
  void detach_printsOnlyTheId_andWatchFollowsTheTaskToItsAnswer() {
    harness.model.script(reply(toolCall("shell", "{\"command\":\"sleep 1\"}")), reply(text("Slept.")));
    String id = newId();

    Result run = harness.longhaul("run", "--detach", "--workspace", workspace.toString(), "--task-id", id, "nap");
    assertThat(run.out()).isEqualTo(id + "\n");

    Result watch = harness.longhaul("watch", id);
    assertThat(watch.exitCode()).isZero();
    assertThat(watch.out()).endsWith("Slept.\n");
  }

  @Test
  void aTaskIdAlreadyTaken_isRefused() {
    harness.model.script(reply(text("Done.")));
    String id = newId();
    harness.longhaul("run", "--workspace", workspace.toString(), "--task-id", id, "first");

    Result again = harness.longhaul("run", "--workspace", workspace.toString(), "--task-id", id, "second");

    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.errorLine()).isEqualTo("longhaul: a task with id " + id + " already exists");
  }

  @Test
  void aTaskTheProviderRefuses_failsTheRunWithTheProvidersMessage() {
    harness.model.script(dev.longhaul.testing.ModelScript.status(401, "Incorrect API key provided"));
    String id = newId();

    Result run = harness.longhaul("run", "--workspace", workspace.toString(), "--task-id", id, "anything");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).containsPattern("longhaul: task " + id + " (has )?failed: HTTP 401: Incorrect API key provided");
  }

  @Test
  void interruptWhileIdle_isAnError() {
    harness.model.script(reply(text("Done.")));
    String id = newId();
    harness.longhaul("run", "--workspace", workspace.toString(), "--task-id", id, "quick");

    Result interrupt = harness.longhaul("interrupt", id);

    assertThat(interrupt.exitCode()).isEqualTo(1);
    assertThat(interrupt.errorLine()).isEqualTo("longhaul: task " + id + " is idle: there is no turn to interrupt");
  }

  @Test
  void everyCommand_refusesAnUnknownTaskIdWithOneLine() {
    for (List<String> command : List.of(
        List.of("status", "nope"), List.of("send", "nope", "hi"), List.of("watch", "nope"),
        List.of("interrupt", "nope"), List.of("end", "nope"), List.of("transcript", "nope"),
        List.of("usage", "nope"), List.of("checkpoints", "nope"), List.of("resume", "nope"),
        List.of("fork", "nope", "x"))) {
      Result result = harness.longhaul(command.toArray(String[]::new));
      assertThat(result.exitCode()).as(command.toString()).isEqualTo(1);
      assertThat(result.errorLine()).as(command.toString()).isEqualTo("longhaul: unknown task id: nope");
    }
  }

  @Test
  void status_showsAStepTemporalIsRetrying_withTheProvidersError() throws Exception {
    harness.model.otherwise(request -> dev.longhaul.testing.ModelScript.status(503, "upstream overloaded"));
    String id = newId();
    harness.longhaul("run", "--detach", "--workspace", workspace.toString(), "--task-id", id, "busy");

    String status = "";
    for (int i = 0; i < 100 && !status.contains("retrying:"); i++) {
      Thread.sleep(100);
      status = harness.longhaul("status", id).out();
    }
    assertThat(status).contains("retrying: Sample attempt ", "HTTP 503: upstream overloaded");

    harness.model.otherwise(request -> reply(text("Finally.")));
    assertThat(harness.longhaul("watch", id).out()).endsWith("Finally.\n");
  }

  @Test
  void usage_showsEachTurnAndTheTotal_withCacheHitsAndTheCostOfAPricedModel() throws Exception {
    harness.model.script(
        reply(toolCall("list_dir", "{\"path\":\".\"}")), reply(text("Listed.")), reply(text("Again.")));
    String id = newId();
    harness.longhaul("run", "--model", "gpt-5.1-codex-max", "--workspace", workspace.toString(), "--task-id", id, "list");
    harness.longhaul("send", "--wait", id, "again");

    JsonNode usage = JSON.readTree(harness.longhaul("usage", "--json", id).out());
    assertThat(usage.path("turns")).hasSize(2);
    assertThat(usage.path("turns").path(0).path("calls").asInt()).isEqualTo(2);
    JsonNode total = usage.path("total");
    assertThat(total.path("calls").asInt()).isEqualTo(3);
    assertThat(total.path("cached").asLong()).isPositive(); // the stable prefix was served from the cache
    assertThat(total.path("cacheWrite").asLong()).isZero(); // OpenAI caches without billing writes
    double expected = ((total.path("input").asLong() - total.path("cached").asLong()) * 1.25
        + total.path("cached").asLong() * 0.125 + total.path("output").asLong() * 10.0) / 1e6;
    assertThat(total.path("costUsd").asDouble()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));

    JsonNode status = JSON.readTree(harness.longhaul("status", "--json", id).out());
    assertThat(status.path("costUsd").asDouble()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(status.path("cacheHitRatio").asDouble()).isPositive();
    assertThat(harness.longhaul("usage", id).out())
        .containsPattern("(?m)^1\\s+2\\s").containsPattern("(?m)^total\\s+3\\s");
  }

  /**
   * The real {@code longhaul} script, copied into a tree whose build (a stand-in {@code mvnw})
   * lays down a jar that only points at this test's classes: the script decides where its build
   * log goes, and the command it starts reaches the dev stack only if it reads the dev record
   * from that same home. The JVM's {@code user.home} is set elsewhere, as it is whenever {@code
   * HOME} is not the home in the password database.
   */
  @Test
  void theScriptAndTheCommand_useTheSameHome_whenHomeIsNotTheJvmsUserHome(
      @TempDir Path root, @TempDir Path home, @TempDir Path userHome) throws Exception {
    harness.model.script(reply(text("Done.")));
    String id = newId();
    harness.longhaul("run", "--workspace", workspace.toString(), "--task-id", id, "quick");
    Path script = Files.copy(Path.of("").toAbsolutePath().getParent().resolve("longhaul"), root.resolve("longhaul"),
        StandardCopyOption.COPY_ATTRIBUTES);
    writeJarReferencing(root.resolve("built.jar"), System.getProperty("java.class.path"));
    Path mvnw = Files.writeString(root.resolve("mvnw"),
        "#!/bin/sh\necho the stand-in build\nmkdir -p starter/target/lib && cp built.jar starter/target/longhaul.jar\n");
    assertThat(mvnw.toFile().setExecutable(true)).isTrue();
    DevRecord.read(harness.home).orElseThrow().write(home.resolve(".longhaul"));

    Result list = CliHarness.exec(List.of(script.toString(), "list"), Map.of(
        "HOME", home.toString(),
        "LONGHAUL_JAVA_OPTS", "-Duser.home=" + userHome,
        "PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + System.getenv("PATH")));

    Path log = home.resolve(".longhaul").resolve("build.log");
    assertThat(list.err()).startsWith("longhaul: building (once; the log is in " + log + ")...");
    assertThat(log).content().contains("the stand-in build");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out()).contains(id);
  }

  /** A jar of nothing but a manifest whose Class-Path is {@code classpath}. */
  private static void writeJarReferencing(Path jar, String classpath) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH,
        Arrays.stream(classpath.split(File.pathSeparator))
            .map(entry -> Path.of(entry).toUri().toString())
            .collect(Collectors.joining(" ")));
    new JarOutputStream(Files.newOutputStream(jar), manifest).close();
  }

  private void awaitStatus(String id, String status) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (harness.longhaul("status", id).out().contains(": " + status)) return;
      Thread.sleep(100);
    }
    throw new AssertionError("task " + id + " never became " + status);
  }

  static String newId() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
