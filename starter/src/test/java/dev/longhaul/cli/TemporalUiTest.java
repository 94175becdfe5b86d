package dev.longhaul.cli;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the Temporal UI shows of a task, read back through the Temporal client. */
class TemporalUiTest {
  @RegisterExtension static final CliHarness harness = new CliHarness();
  static final WorkflowClient client = WorkflowClient.newInstance(harness.stack.service());
  @TempDir Path workspace;

  @Test
  void aTask_showsItsPromptAsSummary_itsStatusAsDetails_andEachStepsSummary() {
    harness.model.script(
        reply(toolCall("shell", "{\"command\":\"echo ui\"}"), toolCall("update_plan",
            "{\"plan\":[{\"step\":\"check the UI\",\"status\":\"in_progress\"}]}")),
        reply(text("Shown.")));
    String id = LonghaulCommandTest.newId();
    harness.longhaul("run", "--workspace", workspace.toString(), "--task-id", id, "Show me in the UI\nsecond line");

    WorkflowStub stub = client.newUntypedWorkflowStub(id);
    WorkflowExecutionDescription description = stub.describe();
    assertThat(description.getStaticSummary()).isEqualTo("Show me in the UI");
    assertThat(description.getStaticDetails()).contains("workspace: `" + workspace + "`");

    String details = stub.query("__temporal_workflow_metadata", WorkflowMetadata.class).getCurrentDetails();
    assertThat(details)
        .startsWith("**idle** · turn 1 · step 2")
        .contains("last tool: `update_plan: 1 steps`", "- [~] check the UI");

    assertThat(activitySummaries(id))
        .containsExactly(
            "bind to a host", "model test-model · turn 1 step 1", "shell: echo ui", "update_plan: 1 steps",
            "model test-model · turn 1 step 2");

    assertThat(description.getTypedSearchAttributes().get(SearchAttributeKey.forKeyword("LonghaulStatus")))
        .isEqualTo("idle");
    assertThat(description.getTypedSearchAttributes().get(SearchAttributeKey.forLong("LonghaulTurn")))
        .isEqualTo(1L);
    assertThat(description.getTypedSearchAttributes().get(SearchAttributeKey.forLong("LonghaulTokens")))
        .isPositive();
  }

  private static List<String> activitySummaries(String id) {
    return client.fetchHistory(id).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(HistoryEvent::hasUserMetadata)
        .map(e -> e.getUserMetadata().getSummary())
        .map(TemporalUiTest::decode)
        .toList();
  }

  private static String decode(Payload payload) {
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class);
  }
}
