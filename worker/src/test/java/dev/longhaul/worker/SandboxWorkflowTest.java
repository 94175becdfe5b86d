package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.longhaul.activities.Confinement;
import dev.longhaul.contract.ApprovalPolicy;
import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.tools.sandbox.Sandbox;
import dev.longhaul.workflow.TaskResult;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A task's commands in the worker's default sandbox, through the real workflow and activities. */
class SandboxWorkflowTest {
  /** The harness's API key, also in the worker's environment, as a real worker has it. */
  private static final String KEY = "sk-test-secret";

  @RegisterExtension
  static final AgentHarness harness =
      AgentHarness.builder().settings(settings -> settings.withConfinement(confinement("bwrap"))).build();

  @TempDir Path temp;

  private static Confinement confinement(String bwrap) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("OPENAI_API_KEY", KEY);
    return new Confinement(
        new Sandbox(bwrap, env, Path.of(System.getProperty("user.home")), null),
        SandboxPolicy.of(SandboxMode.WORKSPACE_WRITE), ApprovalPolicy.ON_REQUEST);
  }

  @Test
  void aTasksShell_inTheDefaultSandbox_findsNoKeyByAnyRoute_andWritesOnlyItsWorkspace() throws Exception {
    Path workspace = Files.createDirectories(temp.resolve("ws"));
    Path outside = Files.createDirectories(temp.resolve("outside"));
    String command =
        "env | grep -ci key; cat /proc/$PPID/environ | tr '\\0' '\\n' | grep -i key | rev;"
            + " for p in /proc/[0-9]*; do cat $p/environ; done | tr '\\0' '\\n' | grep -i key | rev;"
            + " touch inside " + outside + "/escaped; echo PROBED";
    harness.model.script(
        reply(toolCall("shell", JsonNodeFactory.instance.objectNode().put("command", command).toString())),
        reply(text("Nothing found.")));

    String taskId = harness.start(workspace, "Find the key");
    harness.awaitTurnEnd(taskId, 1);

    String output = AgentWorkflowTest.outputOfLastCall(harness.model.requests().get(1));
    assertThat(output)
        .contains("PROBED")
        .doesNotContain(new StringBuilder(KEY).reverse())
        .doesNotContain("[REDACTED]"); // the sandbox stopped it, not the redaction behind it
    assertThat(workspace.resolve("inside")).exists();
    assertThat(outside.resolve("escaped")).doesNotExist();
  }

  @Test
  void aTaskOnAWorkerWithoutBubblewrap_failsAtOnce_withOneLineNamingThePackage() throws Exception {
    try (AgentHarness without =
        AgentHarness.builder().settings(settings -> settings.withConfinement(confinement("/no/such/bwrap"))).build()) {
      without.model.script(reply(toolCall("shell", "{\"command\":\"touch ran\"}")), reply(text("Done.")));

      String taskId = without.start(temp, "Run something");
      Throwable failure =
          catchThrowable(() -> WorkflowStub.fromTyped(without.existing(taskId)).getResult(30, TimeUnit.SECONDS, TaskResult.class));

      assertThat(failure).isInstanceOf(WorkflowFailedException.class);
      assertThat(rootMessage(failure)).contains("install bubblewrap (apt-get install bubblewrap)").doesNotContain("\n");
      assertThat(without.model.requests()).isEmpty();
      assertThat(temp.resolve("ran")).doesNotExist();
    }
  }

  private static String rootMessage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure application && t.getCause() == null) return application.getOriginalMessage();
    }
    throw new AssertionError("no application failure in " + failure);
  }
}
