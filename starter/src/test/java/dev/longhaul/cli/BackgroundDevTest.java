package dev.longhaul.cli;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.cli.CliHarness.Result;
import dev.longhaul.testing.FakeModelServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a machine with no Temporal server, `longhaul run` starts the dev stack in the background and
 * runs the task there, so that the task outlives the command and other commands reach it.
 */
@RequiresTemporalCli
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BackgroundDevTest {
  @TempDir Path home;
  @TempDir Path workspace;

  @AfterEach
  void killWhatIsLeft() {
    DevProcesses.killAll(home);
  }

  /**
   * In their own JVMs, as a user runs them, so that whatever the SDK or the background start
   * prints reaches the output checked: twice, the first starting the stack, the second using it.
   */
  @Test
  void runWithNoServer_startsTheDevStackInTheBackground_printsOnlyTheAnswer_andTheStackOutlivesIt() throws Exception {
    try (FakeModelServer model = FakeModelServer.start()) {
      model.otherwise(request -> reply(text("Done in the background.")));
      int port = DevProcesses.freeDevPort();
      Map<String, String> env = Map.of(
          "LONGHAUL_HOME", home.toString(), "LONGHAUL_DEV_PORT", String.valueOf(port),
          "LONGHAUL_TEMPORAL_CLI", RequiresTemporalCli.Binary.path(), "OPENAI_BASE_URL", model.baseUrl());

      Result first = CliHarness.exec(
          CliHarness.javaCommand("run", "--workspace", workspace.toString(), "--task-id", "bg-1", "hi"), env);

      assertThat(first.exitCode()).as(first.err()).isZero();
      assertThat(first.out()).isEqualTo("task bg-1\n\nDone in the background.\n");
      assertThat(first.err().lines()).as(first.err()).allMatch(line ->
          line.startsWith("longhaul: no Temporal server at localhost:" + port + "; starting the dev stack in the background")
              || line.startsWith("longhaul: the dev stack is up (pid ")
              || line.startsWith("  turn 1 · "));
      assertThat(first.err()).contains("watch the task in the Temporal UI at http://localhost:" + (port + 1000));
      DevRecord record = DevRecord.read(home).orElseThrow();
      assertThat(get(record.uiAddress())).isEqualTo(200);

      Result second = CliHarness.exec(
          CliHarness.javaCommand("run", "--workspace", workspace.toString(), "--task-id", "bg-2", "again"), env);
      assertThat(second.exitCode()).as(second.err()).isZero();
      assertThat(second.out()).isEqualTo("task bg-2\n\nDone in the background.\n");
      assertThat(second.err().lines()).as(second.err()).allMatch(line -> line.startsWith("  turn 1 · "));

      // Any later command, from any terminal, reaches the tasks.
      Result send = CliHarness.longhaul(env, home, "send", "--wait", "bg-1", "and now?");
      assertThat(send.out()).as(send.err()).endsWith("Done in the background.\n");
      Result status = CliHarness.longhaul(env, home, "dev", "status");
      assertThat(status.out())
          .startsWith("dev stack running (pid " + record.pid() + ")\n")
          .contains("Temporal:    127.0.0.1:" + port + " (namespace default; the Temporal CLI's dev server, pid " + record.serverPid(),
              "Temporal UI: http://localhost:" + (port + 1000));

      Result stop = CliHarness.longhaul(env, home, "dev", "stop");
      assertThat(stop.out()).isEqualTo("stopped the dev stack (pid " + record.pid() + ")\n");
      assertThat(ProcessHandle.of(record.serverPid())).isEmpty();
      assertThat(DevProcesses.postgres(home)).isEmpty();
    }
  }

  private static int get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
