package dev.longhaul.worker;

import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.TaskInput;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;

/** How a client starts a task's workflow: its id, queue, and what the Temporal UI shows of it. */
public final class TaskOptions {
  private TaskOptions() {}

  /**
   * The options to start task {@code id}: the first line of its prompt as the UI's summary, its
   * workspace, model and origin as the UI's details.
   */
  public static WorkflowOptions forStart(String id, TaskInput input, WorkflowIdReusePolicy reuse) {
    String text = input.prompt() == null ? "resumed" : input.prompt();
    String firstLine = text.strip().lines().findFirst().orElse("");
    return WorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(AgentWorkflow.TASK_QUEUE)
        .setWorkflowIdReusePolicy(reuse)
        .setStaticSummary(firstLine.length() <= 200 ? firstLine : firstLine.substring(0, 199) + "…")
        .setStaticDetails(
            workspace(input) + "\n\nmodel: "
                + (input.model() == null ? "the worker's default" : input.model())
                + (input.restore() == null ? "" : "\n\nrestored from: " + input.restore().sourceTaskId()
                    + (input.restore().checkpoint() == null ? " (latest)" : " checkpoint " + input.restore().checkpoint())))
        .build();
  }

  private static String workspace(TaskInput input) {
    if (input.repo() == null) return "workspace: `" + input.workspace() + "`";
    return "repository: `" + input.repo() + "`" + (input.ref() == null ? "" : " at `" + input.ref() + "`")
        + (input.workspace() == null ? "" : ", cloned into `" + input.workspace() + "`");
  }
}
