package dev.longhaul.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.contract.PlanStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Records the agent's plan, which {@code progress} and the Temporal UI show. */
public final class UpdatePlanTool implements Tool {
  private static final JsonNode PARAMETERS;

  static {
    try {
      PARAMETERS =
          new ObjectMapper()
              .readTree(
                  """
                  {"type": "object",
                   "properties": {
                     "explanation": {"type": "string"},
                     "plan": {"type": "array", "items": {
                       "type": "object",
                       "properties": {
                         "step": {"type": "string"},
                         "status": {"type": "string", "enum": ["pending", "in_progress", "completed"]}
                       },
                       "required": ["step", "status"],
                       "additionalProperties": false}}
                   },
                   "required": ["plan"],
                   "additionalProperties": false}
                  """);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String name() {
    return "update_plan";
  }

  @Override
  public String description() {
    return "Sets the plan for the task: a list of steps, each pending, in_progress or completed."
        + " Keep at most one step in_progress, and update the plan as steps are done.";
  }

  @Override
  public JsonNode parameters() {
    return PARAMETERS;
  }

  @Override
  public boolean readOnly() {
    return true; // it changes nothing in the workspace
  }

  @Override
  public String summarize(JsonNode arguments) {
    return "update_plan: " + arguments.path("plan").size() + " steps";
  }

  @Override
  public ToolOutput execute(JsonNode arguments, ToolContext context) throws ToolException {
    JsonNode steps = arguments.path("plan");
    if (!steps.isArray()) throw new ToolException("update_plan: plan must be an array of steps");
    List<PlanStep> plan = new ArrayList<>();
    for (JsonNode step : steps) {
      String text = step.path("step").asText("");
      if (text.isBlank()) throw new ToolException("update_plan: every step needs a description");
      PlanStep.Status status;
      try {
        status = PlanStep.Status.valueOf(step.path("status").asText(""));
      } catch (IllegalArgumentException e) {
        throw new ToolException(
            "update_plan: status of \"" + text + "\" must be pending, in_progress or completed");
      }
      plan.add(new PlanStep(text, status));
    }
    return new ToolOutput("Plan updated.", false, List.copyOf(plan));
  }
}
