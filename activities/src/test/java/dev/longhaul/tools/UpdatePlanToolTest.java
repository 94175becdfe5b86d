package dev.longhaul.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.contract.PlanStep;
import dev.longhaul.contract.PlanStep.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdatePlanToolTest {
  private final ToolHarness ws;
  private final UpdatePlanTool tool = new UpdatePlanTool();

  UpdatePlanToolTest(@TempDir Path dir) {
    ws = new ToolHarness(dir);
  }

  @Test
  void validPlan_isReturnedInOrderForTheProgressQuery() throws Exception {
    ToolOutput output =
        ws.run(
            tool,
            """
            {'explanation': 'start with the parser',
             'plan': [{'step': 'Read the parser', 'status': 'completed'},
                      {'step': 'Fix the off-by-one', 'status': 'in_progress'},
                      {'step': 'Run the tests', 'status': 'pending'}]}
            """);

    assertThat(output.failed()).isFalse();
    assertThat(output.text()).isEqualTo("Plan updated.");
    assertThat(output.plan())
        .containsExactly(
            new PlanStep("Read the parser", Status.completed),
            new PlanStep("Fix the off-by-one", Status.in_progress),
            new PlanStep("Run the tests", Status.pending));
  }

  @Test
  void emptyPlan_isAccepted_andClearsThePlan() throws Exception {
    assertThat(ws.run(tool, "{'plan': []}").plan()).isEmpty();
  }

  @Test
  void badStatus_isRefusedNamingTheStep() {
    String message =
        ws.error(
            tool,
            "{'plan': [{'step': 'Write docs', 'status': 'pending'},"
                + " {'step': 'Ship it', 'status': 'done'}]}");

    assertThat(message)
        .contains("\"Ship it\"")
        .contains("pending, in_progress or completed")
        .doesNotContain("Write docs");
  }

  @Test
  void statusInOtherCase_isRefused() {
    assertThat(ws.error(tool, "{'plan': [{'step': 'Ship it', 'status': 'COMPLETED'}]}"))
        .contains("\"Ship it\"");
  }

  @Test
  void missingPlan_isRefused() {
    assertThat(ws.error(tool, "{'explanation': 'no plan'}")).contains("plan must be an array");
  }

  @Test
  void planThatIsNotAnArray_isRefused() {
    assertThat(ws.error(tool, "{'plan': 'do everything'}")).contains("plan must be an array");
  }

  @Test
  void stepWithoutDescription_isRefused() {
    assertThat(ws.error(tool, "{'plan': [{'step': '  ', 'status': 'pending'}]}"))
        .contains("every step needs a description");
  }

  @Test
  void summary_countsTheSteps() {
    assertThat(
            tool.summarize(
                ToolHarness.args(
                    "{'plan': [{'step': 'a', 'status': 'pending'},"
                        + " {'step': 'b', 'status': 'pending'}]}")))
        .isEqualTo("update_plan: 2 steps");
  }
}
