package dev.longhaul.worker;

import static dev.longhaul.testing.AnthropicRequests.userTexts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.model.ProviderId;
import dev.longhaul.testing.AnthropicScript;
import dev.longhaul.testing.FakeAnthropicServer;
import dev.longhaul.testing.ModelScript;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TurnRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task moves from OpenAI's Responses API to Anthropic at a turn, through a local compaction. */
class SwitchToAnthropicTest {
  final FakeAnthropicServer anthropic = FakeAnthropicServer.start();
  AgentHarness harness;
  @TempDir Path workspace;

  @BeforeEach
  void start() {
    harness = AgentHarness.builder()
        .settings(s -> s.withProviders(s.providers().with(ProviderId.ANTHROPIC,
            AnthropicWorker.config(anthropic, "claude-test", Duration.ofSeconds(5)))))
        .build();
  }

  @AfterEach
  void stop() {
    if (harness != null) harness.close();
    anthropic.close();
  }

  @Test
  void sendWithProviderAnthropic_summarizesWithTheOldProvider_thenContinuesWithClaude() throws Exception {
    harness.model.otherwise(request -> {
      String last = request.userMessages().isEmpty() ? "" : request.userMessages().get(request.userMessages().size() - 1);
      return last.contains("Write that handoff summary now")
          ? ModelScript.reply(ModelScript.text("GOAL: greet. DONE: said hello."))
          : ModelScript.reply(ModelScript.text("Hello from Responses."));
    });
    anthropic.script(AnthropicScript.reply(AnthropicScript.text("Hello from Claude.")));
    String taskId = harness.start(workspace, "Say hello");
    harness.awaitTurnEnd(taskId, 1);

    harness.existing(taskId).submitTurn(new TurnRequest("Now with Claude", null, null, "anthropic"));
    Progress done = harness.awaitTurnEnd(taskId, 2);

    assertThat(done.lastMessage()).isEqualTo("Hello from Claude.");
    RecordedRequest claude = anthropic.requests().get(0);
    assertThat(claude.body().path("model").asText()).isEqualTo("claude-test");
    assertThat(userTexts(claude)).anySatisfy(t -> assertThat(t).contains("GOAL: greet. DONE: said hello."));
    assertThat(userTexts(claude)).contains("Now with Claude");
    assertThat(harness.store.checkpoints(taskId)).hasSize(1);
  }
}
