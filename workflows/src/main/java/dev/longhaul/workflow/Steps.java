package dev.longhaul.workflow;

import dev.longhaul.contract.CompactionActivities;
import dev.longhaul.contract.ModelActivities;
import dev.longhaul.contract.TaskActivities;
import dev.longhaul.contract.ToolActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;

/**
 * Activity stubs, each with the summary the Temporal UI shows for that step. Stubs are cheap to
 * create; a new one per call is how a per-call summary is set.
 */
final class Steps {
  private Steps() {}

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

  static boolean isCancellation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) return true;
    }
    return false;
  }

  /** Whether an activity failed with an application failure of this type. */
  static boolean failedWith(Throwable failure, String type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure a && type.equals(a.getType())) return true;
    }
    return false;
  }

  /** The innermost failure's message: the one a person can act on. */
  static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) root = root.getCause();
    String message = root instanceof ApplicationFailure a ? a.getOriginalMessage() : root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }

  private static ActivityOptions withSummary(ActivityOptions options, String summary) {
    return ActivityOptions.newBuilder(options).setSummary(clip(summary, SUMMARY_CHARS)).build();
  }

  static String clip(String text, int max) {
    if (text == null) return null;
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
  }
}
