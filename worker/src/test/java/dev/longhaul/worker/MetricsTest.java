package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.longhaul.contract.ApprovalPolicy;
import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.model.Pricing;
import dev.longhaul.workflow.ApprovalAnswer;
import dev.longhaul.workflow.PendingApproval;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskPolicy;
import dev.longhaul.workflow.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's {@code /metrics}, scraped over HTTP while a task waits for an approval and after its
 * turn: the real workflow and activities with the fake model, so every number follows from the
 * script. The harness's registry is this class's alone, so the counts are exact.
 */
class MetricsTest {
  @RegisterExtension
  static final AgentHarness harness = AgentHarness.builder()
      .metrics(WorkerMetrics.serve("127.0.0.1", 0))
      .settings(s -> s.withPricing(new Pricing(Map.of("test-model", new Pricing.Price(1.0, 0.1, 8.0)))))
      .build();

  @TempDir Path workspace;

  @Test
  void aReadOnlyTaskThatAsksOnce_isCountedStepByStep_besideTheSdksOwnMetrics() throws Exception {
    harness.model.script(
        reply(toolCall("shell", "{\"command\":\"echo hi\"}"),
            toolCall("apply_patch", "{\"input\":\"*** Begin Patch\\n*** Add File: x.txt\\n+x\\n*** End Patch\"}")),
        reply(toolCall("shell", JsonNodeFactory.instance.objectNode()
            .put("command", "touch escaped")
            .put("sandbox_permissions", "require_escalated")
            .put("justification", "writes the workspace").toString())),
        reply(text("Done.")));
    String taskId = harness.start(TaskInput.of(workspace.toString(), "Look, then write").withPolicy(
        new TaskPolicy(SandboxPolicy.of(SandboxMode.READ_ONLY), ApprovalPolicy.ON_REQUEST, null, false)));

    Progress waiting = harness.awaitProgress(taskId,
        p -> p.status() == TaskStatus.awaiting_approval && !p.approvals().isEmpty(), "the approval request");
    Scrape during = Scrape.of(url());
    assertThat(during.contentType()).startsWith("text/plain; version=0.0.4");
    assertThat(during.value("longhaul_tasks_awaiting_approval")).isGreaterThanOrEqualTo(1);
    assertThat(during.value("longhaul_steps_total", "model", "test-model")).isEqualTo(2);

    PendingApproval request = waiting.approvals().get(0);
    harness.existing(taskId).answerApproval(ApprovalAnswer.deny(request.callId(), "not now"));
    assertThat(harness.awaitTurnEnd(taskId, 1).lastMessage()).isEqualTo("Done.");

    Scrape after = awaitSdkMetrics();
    // Kept for a look at the whole page (the README's sample comes from it).
    Files.createDirectories(Path.of("target", "metrics"));
    Files.writeString(Path.of("target", "metrics", "scrape.txt"), after.text());
    assertThat(after.value("longhaul_steps_total", "model", "test-model")).isEqualTo(3);
    assertThat(after.value("longhaul_model_latency_seconds_count", "call", "sample", "model", "test-model"))
        .isEqualTo(3);
    assertThat(after.value("longhaul_tool_calls_total", "tool", "shell", "outcome", "ok")).isEqualTo(1);
    assertThat(after.value("longhaul_tool_calls_total", "tool", "apply_patch", "outcome", "failed")).isEqualTo(1);
    assertThat(after.value("longhaul_tool_calls_total", "tool", "shell", "outcome", "refused")).isEqualTo(1);
    assertThat(after.value("longhaul_sandbox_denials_total", "reason", "refused")).isEqualTo(1);
    assertThat(after.value("longhaul_sandbox_denials_total", "reason", "unavailable")).isZero();
    assertThat(after.value("longhaul_compactions_total", "mode", "local")).isZero();
    double input = after.value("longhaul_tokens_total", "call", "sample", "model", "test-model", "kind", "input");
    double cached = after.value("longhaul_tokens_total", "call", "sample", "model", "test-model", "kind", "cached");
    assertThat(input).isPositive();
    assertThat(after.value("longhaul_tokens_total", "call", "sample", "model", "test-model", "kind", "output"))
        .isPositive();
    assertThat(after.value("longhaul_prompt_cache_hit_ratio")).isEqualTo(cached / input);
    assertThat(after.value("longhaul_cost_usd_total", "call", "sample", "model", "test-model")).isPositive();
  }

  private static String url() {
    return harness.metricsUrl();
  }

  /** The SDK reports into the registry every second: the first scrape may come before it has. */
  private static Scrape awaitSdkMetrics() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Scrape scrape = Scrape.of(url());
    while (!scrape.has("temporal_") && System.nanoTime() < deadline) {
      Thread.sleep(200);
      scrape = Scrape.of(url());
    }
    assertThat(scrape.has("temporal_")).as("a temporal_ metric in:\n" + scrape.text()).isTrue();
    return scrape;
  }
}
