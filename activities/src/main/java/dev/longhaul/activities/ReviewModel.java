package dev.longhaul.activities;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.longhaul.model.CallHooks;
import dev.longhaul.model.ModelException;
import dev.longhaul.model.ItemFormat;
import dev.longhaul.model.ModelProvider;
import dev.longhaul.model.ModelRequest;
import dev.longhaul.model.ModelResponse;
import java.util.List;
import java.util.Set;

/**
 * The one model call of a best-of-N review: a request with the attempts in one user message and a
 * single function tool, {@code pick_attempt}, whose call is the answer. Kept apart so that the
 * call can be pointed at another provider without touching what the review gathers.
 */
final class ReviewModel {
  static final String TOOL = "pick_attempt";
  private static final String INSTRUCTIONS = Prompts.load("review.md");

  /** The reviewer's answer, as it called the tool. */
  record Answer(int attempt, String reasons, ModelResponse response) {}

  /**
   * @param cacheKey the task's id: the review shares the task's prompt-cache routing
   * @param offered the attempt numbers that may be picked
   * @throws ModelException of kind MALFORMED when the answer is not one call of the tool naming an
   *     attempt offered, so that the call is retried
   */
  private final ModelProvider client;

  /** @param client the task's provider: the review speaks its API */
  ReviewModel(ModelProvider client) {
    this.client = client;
  }

  Answer pick(String model, String cacheKey, String message, Set<Integer> offered, CallHooks hooks)
      throws ModelException {
    ItemFormat format = client.items();
    ModelRequest request = new ModelRequest(
        model, INSTRUCTIONS, List.of(format.userMessage(message)), List.of(tool(offered)), cacheKey);
    ModelResponse response = client.create(request, hooks);
    for (String raw : response.items()) {
      ItemFormat.ToolCall call = format.toolCall(Items.parse(raw)).orElse(null);
      if (call == null || !call.name().equals(TOOL)) continue;
      JsonNode arguments;
      try {
        arguments = Items.JSON.readTree(call.arguments());
      } catch (Exception e) {
        throw malformed("the reviewer's " + TOOL + " arguments are not JSON");
      }
      if (!arguments.path("attempt").canConvertToInt() || !arguments.path("attempt").isNumber()) {
        throw malformed("the reviewer's " + TOOL + " call has no attempt number");
      }
      int attempt = arguments.path("attempt").asInt();
      if (!offered.contains(attempt)) {
        throw malformed("the reviewer picked attempt " + attempt + ", which is not one of " + new java.util.TreeSet<>(offered));
      }
      String reasons = arguments.path("reasons").asText("").strip();
      return new Answer(attempt, reasons.isEmpty() ? "(the reviewer gave no reasons)" : reasons, response);
    }
    throw malformed("the reviewer answered without calling " + TOOL);
  }

  private static ModelException malformed(String why) {
    return new ModelException(ModelException.Kind.MALFORMED, why, null);
  }

  private static JsonNode tool(Set<Integer> offered) {
    ObjectNode spec = Items.JSON.createObjectNode();
    spec.put("type", "function");
    spec.put("name", TOOL);
    spec.put("description", "Picks the attempt whose changes are kept. Call it exactly once.");
    ObjectNode parameters = spec.putObject("parameters");
    parameters.put("type", "object");
    ObjectNode properties = parameters.putObject("properties");
    ObjectNode attempt = properties.putObject("attempt");
    attempt.put("type", "integer");
    attempt.put("description", "The number of the attempt picked");
    offered.stream().sorted().forEach(attempt.putArray("enum")::add);
    properties.putObject("reasons").put("type", "string").put("description", "Why this attempt, in a few sentences");
    parameters.putArray("required").add("attempt").add("reasons");
    parameters.put("additionalProperties", false);
    spec.put("strict", true);
    return spec;
  }
}
