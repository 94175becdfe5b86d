package dev.longhaul.activities;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.longhaul.tools.Tool;
import dev.longhaul.tools.ToolRegistry;
import java.util.List;

/** The tools as the Responses API declares them: function tools, sorted by name. */
final class ToolSpecs {
  private ToolSpecs() {}

  static List<JsonNode> of(ToolRegistry registry) {
    return registry.sorted().stream().map(ToolSpecs::spec).toList();
  }

  private static JsonNode spec(Tool tool) {
    ObjectNode spec = Items.JSON.createObjectNode();
    spec.put("type", "function");
    spec.put("name", tool.name());
    spec.put("description", tool.description());
    spec.set("parameters", tool.parameters());
    spec.put("strict", false);
    return spec;
  }
}
