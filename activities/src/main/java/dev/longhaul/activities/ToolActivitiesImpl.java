package dev.longhaul.activities;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.contract.AbortTool;
import dev.longhaul.contract.FailureType;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.contract.ToolActivities;
import dev.longhaul.contract.ToolRequest;
import dev.longhaul.contract.ToolResult;
import dev.longhaul.prompt.ItemTokens;
import dev.longhaul.prompt.TokenCounter;
import dev.longhaul.prompt.Truncation;
import dev.longhaul.store.Item;
import dev.longhaul.store.ItemStore;
import dev.longhaul.tools.Tool;
import dev.longhaul.tools.ToolContext;
import dev.longhaul.tools.ToolException;
import dev.longhaul.tools.ToolOutput;
import dev.longhaul.tools.ToolRegistry;
import dev.longhaul.tools.Workspace;
import dev.longhaul.tools.sandbox.SandboxUnavailableException;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;

public final class ToolActivitiesImpl implements ToolActivities {
  private static final int PREVIEW_CHARS = 300;

  private final ItemStore store;
  private final ToolRegistry tools;
  private final ItemFactory itemFactory;
  private final Truncation truncation;
  private final int outputBudget;
  private final Redactor redactor;
  private final Confinement confinement;

  /**
   * @param outputBudget the most tokens one tool output may put into the context
   * @param redactor masks the worker's secrets in every output, the second line of defence after
   *     the sandbox
   * @param confinement how calls are confined when their request names no sandbox
   */
  public ToolActivitiesImpl(
      ItemStore store, ToolRegistry tools, TokenCounter counter, int outputBudget, Redactor redactor,
      Confinement confinement) {
    this.store = store;
    this.tools = tools;
    this.itemFactory = new ItemFactory(new ItemTokens(counter));
    this.truncation = new Truncation(counter);
    this.outputBudget = outputBudget;
    this.redactor = redactor;
    this.confinement = confinement;
  }

  @Override
  public ToolResult runTool(ToolRequest request) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    JsonNode call = readCall(request.taskId(), request.callSeq());
    ToolOutput output;
    try {
      output = execute(call, request, () -> activity.heartbeat(null));
    } catch (ToolException e) {
      output = ToolOutput.failed(e.getMessage());
    }
    return answer(request.taskId(), request.turn(), call, request.outputSeq(), output);
  }

  @Override
  public ToolResult abortTool(AbortTool request) {
    JsonNode call = readCall(request.taskId(), request.callSeq());
    return answer(
        request.taskId(), request.turn(), call, request.outputSeq(),
        ToolOutput.failed(request.reason()));
  }

  private ToolOutput execute(JsonNode call, ToolRequest request, Runnable heartbeat)
      throws ToolException {
    String name = call.path("name").asText("");
    Optional<Tool> tool = tools.find(name);
    if (tool.isEmpty()) {
      String known = tools.sorted().stream().map(Tool::name).collect(Collectors.joining(", "));
      throw new ToolException("unknown tool \"" + name + "\"; the tools are: " + known);
    }
    JsonNode arguments;
    try {
      arguments = Items.JSON.readTree(call.path("arguments").asText(""));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ToolException(name + ": the arguments are not valid JSON: " + e.getOriginalMessage());
    }
    if (arguments == null || !arguments.isObject()) {
      throw new ToolException(name + ": the arguments must be a JSON object");
    }
    Workspace root;
    try {
      root = new Workspace(Path.of(request.workspace()));
    } catch (IllegalArgumentException e) {
      throw new ToolException(e.getMessage());
    }
    SandboxPolicy policy = confinement.sandboxFor(request.sandbox());
    ToolContext context = new ToolContext(root, heartbeat, confinement.sandbox(), policy, request.escalated());
    try {
      return tool.get().execute(arguments, context);
    } catch (ActivityCompletionException cancelled) {
      throw cancelled; // an interrupt or a lost worker: not the tool's output
    } catch (SandboxUnavailableException e) {
      throw Confinement.unavailable(policy, e.getMessage()); // fails the task, never runs unconfined
    } catch (RuntimeException bug) {
      throw new ToolException(name + " failed unexpectedly: " + bug);
    }
  }

  private ToolResult answer(String taskId, int turn, JsonNode call, long outputSeq, ToolOutput output) {
    String text = truncation.keepHeadAndTail(redactor.redact(output.text()), outputBudget);
    Item item = itemFactory.toolOutput(outputSeq, turn, call.path("call_id").asText(), text);
    store.upsert(taskId, item, Items.writer(taskId));
    String preview = text.length() <= PREVIEW_CHARS ? text : text.substring(0, PREVIEW_CHARS) + "…";
    return new ToolResult(outputSeq, item.tokens(), output.failed(), preview, output.plan());
  }

  private JsonNode readCall(String taskId, long seq) {
    Item item =
        store.item(taskId, seq)
            .orElseThrow(
                () -> FailureType.MISSING_TOOL_CALL.failure(
                    "no tool call at seq " + seq + " of task " + taskId));
    return Items.parse(item.raw());
  }
}
