package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.longhaul.model.ProviderId;
import dev.longhaul.model.ProviderSettings;
import dev.longhaul.store.Item;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskResult;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Which provider a task gets, and what a task asking for one the worker cannot reach is told. */
class ProviderChoiceTest {
  /** A worker configured from its environment: OpenAI's key and base URL, no Anthropic key. */
  @RegisterExtension static final AgentHarness harness = AgentHarness.builder()
      .settings(s -> s.withProviders(ProviderSettings.fromEnvironment(Map.of(
          "OPENAI_BASE_URL", s.providers().config(ProviderId.OPENAI_RESPONSES).baseUrl(),
          "OPENAI_API_KEY", "sk-test-secret", "LONGHAUL_MODEL", "test-model"))))
      .build();
  @TempDir Path workspace;

  @Test
  void aTaskNamingNoProvider_getsTheWorkersDefault_andItsItemsAreTaggedWithIt() throws Exception {
    harness.model.script(reply(text("Hello.")));

    String taskId = harness.start(workspace, "Say hello");
    harness.awaitTurnEnd(taskId, 1);

    assertThat(harness.model.requests().get(0).body().path("model").asText()).isEqualTo("test-model");
    assertThat(harness.transcript(taskId)).extracting(Item::provider).containsOnly(ProviderId.OPENAI_RESPONSES);
  }

  @Test
  void aTaskAskingForAProviderWhoseKeyIsMissing_failsAtOpen_inOneLineNamingTheVariable() throws Exception {
    String taskId = harness.start(TaskInput.of(workspace.toString(), "Anything").withProvider("anthropic"));
    Throwable failure = catchThrowable(() ->
        WorkflowStub.fromTyped(harness.existing(taskId)).getResult(30, TimeUnit.SECONDS, TaskResult.class));

    assertThat(failure).isInstanceOf(WorkflowFailedException.class);
    assertThat(why(failure))
        .startsWith("ANTHROPIC_API_KEY is not set (provider anthropic): export it, or set ANTHROPIC_BASE_URL")
        .doesNotContain("\n");
    assertThat(harness.model.requests()).isEmpty();
  }

  @Test
  void aTaskAskingForAnUnknownProvider_failsAtOpen_listingTheValidOnes() throws Exception {
    String taskId = harness.start(TaskInput.of(workspace.toString(), "Anything").withProvider("gemini"));
    Throwable failure = catchThrowable(() ->
        WorkflowStub.fromTyped(harness.existing(taskId)).getResult(30, TimeUnit.SECONDS, TaskResult.class));

    assertThat(why(failure)).isEqualTo(
        "unknown provider \"gemini\"; valid providers: openai-responses, openai-chat, anthropic");
    assertThat(harness.model.requests()).isEmpty();
  }

  /** The one line the task failed with, as {@code run} prints it. */
  private static String why(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) root = root.getCause();
    return ((ApplicationFailure) root).getOriginalMessage();
  }
}
