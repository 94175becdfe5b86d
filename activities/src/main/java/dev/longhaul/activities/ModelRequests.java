package dev.longhaul.activities;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.model.ModelProvider;
import dev.longhaul.model.ModelRequest;
import dev.longhaul.prompt.PromptBuilder;
import dev.longhaul.store.Item;
import dev.longhaul.tools.ToolRegistry;
import java.util.List;

/**
 * Builds every request a task sends its model, the sample and both kinds of compaction alike, so
 * that all of them share one cached prefix: the fixed instructions, the tools the sources offer
 * now (asked on every request, sorted by name), then the context's items in stored order.
 */
final class ModelRequests {
  private final ToolRegistry tools;
  private final String instructions = Prompts.load("instructions.md");

  ModelRequests(ToolRegistry tools) {
    this.tools = tools;
  }

  /**
   * The request for {@code context} during {@code turn}.
   *
   * @param model the task's model; the worker's default for {@code provider} when null
   * @param provider the task's provider, in whose format {@code context} is
   */
  ModelRequest forContext(
      String taskId, String model, List<Item> context, int turn, ModelProvider provider) {
    List<JsonNode> toolSpecs = ToolSpecs.of(tools);
    List<String> input = PromptBuilder.input(context, turn);
    return new ModelRequest(
        model == null ? provider.config().model() : model, instructions, input, toolSpecs, taskId);
  }
}
