package dev.longhaul.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One request to a model, whatever its provider: each {@link ModelProvider} writes it in its own
 * API's body. The fields are in the order every provider sends them (instructions and tools, then
 * the conversation), so requests of one task share their bytes up to where their contexts differ.
 *
 * @param input the context's items, each the raw JSON of the provider that stored it, already
 *     chosen for this turn (see {@code PromptBuilder}); written into the body unchanged
 * @param tools function tool definitions in Responses form ({@code type}, {@code name}, {@code
 *     description}, {@code parameters}), in the fixed order they are sent; a provider rewrites
 *     each into its own form, the same way every time
 * @param cacheKey routes one task's requests to the same prefix cache, where the provider has such
 *     a key
 */
public record ModelRequest(
    String model, String instructions, List<String> input, List<JsonNode> tools, String cacheKey) {

  /** The same request with {@code items} added at the end of its input (notes, a summary prompt). */
  public ModelRequest withAppended(List<String> items) {
    if (items.isEmpty()) return this;
    List<String> longer = new ArrayList<>(input);
    longer.addAll(items);
    return new ModelRequest(model, instructions, List.copyOf(longer), tools, cacheKey);
  }
}
