package dev.longhaul.worker;

import dev.longhaul.activities.ModelActivitiesImpl;
import dev.longhaul.activities.TaskActivitiesImpl;
import dev.longhaul.activities.ToolActivitiesImpl;
import dev.longhaul.model.ModelConfig;
import dev.longhaul.model.ResponsesClient;
import dev.longhaul.prompt.ItemTokens;
import dev.longhaul.prompt.TokenCounter;
import dev.longhaul.prompt.Truncation;
import dev.longhaul.store.ItemStore;
import dev.longhaul.tools.ToolRegistry;
import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.AgentWorkflowImpl;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;

/** Puts the agent workflow and its activities on a Temporal worker. The one place they are wired. */
public final class LonghaulWorker {
  private LonghaulWorker() {}

  /**
   * Registers everything on a new worker of {@code factory} polling {@link
   * AgentWorkflow#TASK_QUEUE}. The caller starts the factory.
   */
  public static Worker register(WorkerFactory factory, ItemStore store, WorkerSettings settings) {
    Worker worker = factory.newWorker(AgentWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(AgentWorkflowImpl.class);
    TokenCounter counter = new TokenCounter();
    ItemTokens itemTokens = new ItemTokens(counter);
    ToolRegistry tools = ToolRegistry.standard();
    ResponsesClient client = new ResponsesClient(settings.model());
    worker.registerActivitiesImplementations(
        new ModelActivitiesImpl(store, client, tools, itemTokens),
        new ToolActivitiesImpl(store, tools, counter, settings.toolOutputBudget()),
        new TaskActivitiesImpl(
            store, itemTokens, settings.model().model(), settings.searchAttributes()));
    return worker;
  }

  /**
   * What a worker reads from its environment.
   *
   * @param toolOutputBudget the most tokens one tool output may add to the context
   * @param searchAttributes whether the server has Longhaul's search attributes registered
   */
  public record WorkerSettings(ModelConfig model, int toolOutputBudget, boolean searchAttributes) {
    public static WorkerSettings fromEnvironment(java.util.Map<String, String> env) {
      String budget = env.get("LONGHAUL_TOOL_OUTPUT_TOKENS");
      return new WorkerSettings(
          ModelConfig.fromEnvironment(env),
          budget == null ? Truncation.DEFAULT_BUDGET : Integer.parseInt(budget),
          false);
    }

    public WorkerSettings withSearchAttributes(boolean registered) {
      return new WorkerSettings(model, toolOutputBudget, registered);
    }
  }
}
