package dev.longhaul.workflow;

import dev.longhaul.contract.AttemptActivities;
import dev.longhaul.contract.CompactionActivities;
import dev.longhaul.contract.ModelActivities;
import dev.longhaul.contract.TaskActivities;
import dev.longhaul.contract.HostBinding;
import dev.longhaul.contract.ToolActivities;
import dev.longhaul.contract.ToolsHere;
import dev.longhaul.contract.WorkspaceActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

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

  /**
   * @param placement the task's host, whose queue runs the call; null for the shared queue (a task
   *     from before hosts)
   */
  static ToolActivities tools(String summary, Placement placement) {
    ActivityOptions options = placement == null ? StepOptions.tool()
        : onHost(StepOptions.tool(), placement.host(), placement.hostTimeout());
    return Workflow.newActivityStub(ToolActivities.class, withSummary(options, summary));
  }

  /** A read-only call, run in this worker when its host holds the workspace ({@link ToolsHere}). */
  static ToolsHere toolsHere(String summary) {
    return Workflow.newLocalActivityStub(ToolsHere.class,
        LocalActivityOptions.newBuilder(StepOptions.toolHere()).setSummary(Text.clip(summary, SUMMARY_CHARS)).build());
  }

  /**
   * @param host the host whose queue runs the step; null for the shared queue, where any worker
   *     may pick it up
   */
  static WorkspaceActivities workspace(String host, Duration hostTimeout, String summary) {
    ActivityOptions options = host == null ? StepOptions.workspace()
        : onHost(StepOptions.workspace(), host, hostTimeout);
    return Workflow.newActivityStub(WorkspaceActivities.class, withSummary(options, summary));
  }

  /**
   * On the host's own queue, where a step not picked up within {@code hostTimeout} fails (and is
   * not retried: no other worker polls that queue), so the workflow can move the task.
   */
  private static ActivityOptions onHost(ActivityOptions options, String host, Duration hostTimeout) {
    ActivityOptions.Builder onHost = ActivityOptions.newBuilder(options).setTaskQueue(HostBinding.queue(host));
    // No timeout before the task is bound (binding to the host that cloned it): it waits for it.
    if (hostTimeout != null) onHost.setScheduleToStartTimeout(hostTimeout);
    return onHost.build();
  }

  /**
   * Best of N's workspace steps, on the task's host (they read and write the attempts'
   * workspaces); the check may run a test suite, so these have the time of a tool call.
   */
  static AttemptActivities attempts(Placement placement, String summary) {
    ActivityOptions options = placement == null ? StepOptions.tool()
        : onHost(StepOptions.tool(), placement.host(), placement.hostTimeout());
    return Workflow.newActivityStub(AttemptActivities.class, withSummary(options, summary));
  }

  /** The review: a model call that reads the attempts' diffs, hence on the host as well. */
  static AttemptActivities review(Placement placement, String summary) {
    ActivityOptions options = placement == null ? StepOptions.model()
        : onHost(StepOptions.model(), placement.host(), placement.hostTimeout());
    return Workflow.newActivityStub(AttemptActivities.class, withSummary(options, summary));
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
