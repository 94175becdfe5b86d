package dev.longhaul.activities;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.longhaul.contract.PromptShape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptShapesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode tool(String name, String description) {
    ObjectNode spec = JSON.createObjectNode();
    spec.put("type", "function");
    spec.put("name", name);
    spec.put("description", description);
    ObjectNode parameters = spec.putObject("parameters");
    parameters.put("type", "object");
    parameters.putObject("properties").putObject("path").put("type", "string");
    spec.put("strict", false);
    return spec;
  }

  private static List<JsonNode> tools(String... names) {
    List<JsonNode> specs = new ArrayList<>();
    for (String name : names) specs.add(tool(name, "The " + name + " tool."));
    return specs;
  }

  @Test
  void theSameModelAndTools_doNotBreakTheCache() {
    PromptShape before = PromptShapes.of("gpt-5", tools("read_file", "shell"));
    PromptShape now = PromptShapes.of("gpt-5", tools("read_file", "shell"));

    assertThat(PromptShapes.cacheBreak(before, now)).isNull();
  }

  @Test
  void theFirstRequest_hasNothingToBreak() {
    assertThat(PromptShapes.cacheBreak(null, PromptShapes.of("gpt-5", tools("shell")))).isNull();
  }

  @Test
  void aModelChange_isNamedWithBothModels() {
    PromptShape before = PromptShapes.of("gpt-5", tools("shell"));
    PromptShape now = PromptShapes.of("gpt-5-mini", tools("shell"));

    assertThat(PromptShapes.cacheBreak(before, now)).isEqualTo("The model changed from gpt-5 to gpt-5-mini.");
  }

  @Test
  void addedAndRemovedTools_areListedByName_sorted() {
    PromptShape before = PromptShapes.of("gpt-5", tools("read_file", "shell", "web_search"));
    PromptShape now = PromptShapes.of("gpt-5", tools("shell", "grep", "apply_patch", "zip", "list_dir"));

    assertThat(PromptShapes.cacheBreak(before, now))
        .isEqualTo("The tools changed; added: apply_patch, grep, list_dir, zip; removed: read_file, web_search.");
  }

  @Test
  void onlyRemovedTools_listOnlyTheRemoved() {
    PromptShape before = PromptShapes.of("gpt-5", tools("grep", "shell"));
    PromptShape now = PromptShapes.of("gpt-5", tools("shell"));

    assertThat(PromptShapes.cacheBreak(before, now)).isEqualTo("The tools changed; removed: grep.");
  }

  @Test
  void toolsAddedToATaskThatHadNone_listOnlyTheAdded() {
    PromptShape before = PromptShapes.of("gpt-5", List.of());
    PromptShape now = PromptShapes.of("gpt-5", tools("shell", "grep"));

    assertThat(PromptShapes.cacheBreak(before, now)).isEqualTo("The tools changed; added: grep, shell.");
    assertThat(PromptShapes.cacheBreak(now, before)).isEqualTo("The tools changed; removed: grep, shell.");
  }

  @Test
  void aChangedDefinitionUnderTheSameNames_saysTheDefinitionsChanged() {
    List<JsonNode> changed = tools("read_file", "shell");
    ((ObjectNode) changed.get(1)).put("description", "Runs a command, now with a timeout.");
    PromptShape before = PromptShapes.of("gpt-5", tools("read_file", "shell"));
    PromptShape now = PromptShapes.of("gpt-5", changed);

    assertThat(PromptShapes.cacheBreak(before, now)).isEqualTo("The tools changed (their definitions).");
  }

  @Test
  void aModelAndAToolChangeTogether_areBothSaidInOneMessage() {
    PromptShape before = PromptShapes.of("gpt-5", tools("shell"));
    PromptShape now = PromptShapes.of("o4-mini", tools("grep", "shell"));

    assertThat(PromptShapes.cacheBreak(before, now))
        .isEqualTo("The model changed from gpt-5 to o4-mini. The tools changed; added: grep.");
  }

  @Test
  void theShape_namesTheModelAndTheToolsInOrder() {
    PromptShape shape = PromptShapes.of("gpt-5", tools("apply_patch", "grep", "shell"));

    assertThat(shape.model()).isEqualTo("gpt-5");
    assertThat(shape.toolNames()).isEqualTo("apply_patch,grep,shell");
  }

  @Test
  void theFingerprint_isStableForEqualSpecs_andChangesWithADescription() {
    PromptShape first = PromptShapes.of("gpt-5", tools("grep", "shell"));
    PromptShape second = PromptShapes.of("gpt-5", tools("grep", "shell"));
    List<JsonNode> edited = tools("grep", "shell");
    ((ObjectNode) edited.get(0)).put("description", "The grep tool, improved.");
    PromptShape third = PromptShapes.of("gpt-5", edited);

    assertThat(first.toolsFingerprint()).isNotBlank().isEqualTo(second.toolsFingerprint());
    assertThat(third.toolsFingerprint()).isNotEqualTo(first.toolsFingerprint());
    assertThat(third.toolNames()).isEqualTo(first.toolNames());
  }

  @Test
  void theFingerprint_changesWithAParameterSchema() {
    List<JsonNode> edited = tools("grep");
    ((ObjectNode) edited.get(0).path("parameters").path("properties")).putObject("pattern").put("type", "string");

    assertThat(PromptShapes.of("gpt-5", edited).toolsFingerprint())
        .isNotEqualTo(PromptShapes.of("gpt-5", tools("grep")).toolsFingerprint());
  }
}
