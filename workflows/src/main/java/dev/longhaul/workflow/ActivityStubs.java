package dev.longhaul.workflow;

import dev.longhaul.contract.CompactionActivities;
import dev.longhaul.contract.ModelActivities;
import dev.longhaul.contract.TaskActivities;
import dev.longhaul.contract.ToolActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;

/**
 * Activity stubs, each with the summary the Temporal UI shows for that step. Stubs are cheap to
 * create; a new one per call is how a per-call summary is set.
 */
final class ActivityStubs {
  private ActivityStubs() {}

  static final int SUMMARY_CHARS = 120;

  static ModelActivities model(String summary) {
    return Workflow.newActivityStub(ModelActivities.class, withSummary(StepOptions.model(), summary));
  }

  static ToolActivities tools(String summary) {
    return Workflow.newActivityStub(ToolActivities.class, withSummary(StepOptions.tool(), summary));
  }

  static CompactionActivities compaction(String summary) {
    return Workflow.newActivityStub(
        CompactionActivities.class, withSummary(StepOptions.compaction(), summary));
  }

  static ToolActivities bookkeepingTools() {
    return Workflow.newActivityStub(ToolActivities.class, StepOptions.bookkeeping());
  }

  static TaskActivities task() {
    return Workflow.newActivityStub(TaskActivities.class, StepOptions.bookkeeping());
  }

  /** The activity that opens a task, which may clone its repository first. */
  static TaskActivities opening() {
    return Workflow.newActivityStub(TaskActivities.class, StepOptions.opening());
  }

  private static ActivityOptions withSummary(ActivityOptions options, String summary) {
    return ActivityOptions.newBuilder(options).setSummary(Text.clip(summary, SUMMARY_CHARS)).build();
  }
}
