package dev.longhaul.cli;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.cli.CliHarness.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A budget set on {@code run} stops the task; {@code send} raises it and the task goes on. */
class BudgetCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final CliHarness harness = new CliHarness();
  @TempDir Path workspace;

  /** Needs the workflow's budgets (the lead's change). */
  @Test
  void aTaskThatReachesItsTokenBudget_needsAttention_andGoesOnOnceSendRaisesIt() throws Exception {
    harness.model.script(reply(toolCall("shell", "{\"command\":\"echo hi\"}")));
    harness.model.otherwise(request -> reply(text("Done.")));
    String id = LonghaulCommandTest.newId();

    Result run = harness.longhaul(
        "run", "--max-tokens", "1", "--max-duration", "2h", "--workspace", workspace.toString(), "--task-id", id, "go");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode stopped = JSON.readTree(harness.longhaul("status", "--json", id).out());
    assertThat(stopped.path("status").asText()).isEqualTo("needs-attention");
    assertThat(stopped.path("error").asText()).isNotBlank();
    assertThat(stopped.path("budget").path("maxTokens").asLong()).isEqualTo(1);
    assertThat(stopped.path("budget").path("maxDuration").asText()).isEqualTo("PT2H");
    assertThat(harness.longhaul("status", id).out()).containsPattern("budget: [\\d,]+ of 1 tokens · 2h from the start");

    Result send = harness.longhaul("send", "--wait", "--max-tokens", "1000000", id, "go on");

    assertThat(send.exitCode()).as(send.err()).isZero();
    assertThat(send.err()).contains("budget from this turn on: 1,000,000 tokens · 2h from the start");
    assertThat(send.out()).endsWith("Done.\n");
    JsonNode after = JSON.readTree(harness.longhaul("status", "--json", id).out());
    assertThat(after.path("status").asText()).isEqualTo("idle");
    assertThat(after.path("budget").path("maxTokens").asLong()).isEqualTo(1_000_000);
  }
}
