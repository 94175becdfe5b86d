package dev.longhaul.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.tools.Tool;
import dev.longhaul.tools.ToolContext;
import dev.longhaul.tools.ToolOutput;
import dev.longhaul.tools.ToolSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Tools from sources other than the built-in ones, as a plugin or an MCP server would offer them. */
final class TestTools {
  private TestTools() {}

  /** A read-only tool that repeats its argument {@code times} times. */
  record Echo(String name) implements Tool {
    @Override
    public String description() {
      return "Repeats text.";
    }

    @Override
    public JsonNode parameters() {
      return new ObjectMapper().createObjectNode().put("type", "object");
    }

    @Override
    public boolean readOnly() {
      return true;
    }

    @Override
    public String summarize(JsonNode arguments) {
      return name + ": " + arguments.path("text").asText();
    }

    @Override
    public ToolOutput execute(JsonNode arguments, ToolContext context) {
      return ToolOutput.ok((arguments.path("text").asText() + "\n").repeat(arguments.path("times").asInt(1)));
    }
  }

  /** A source that lists its tools in a new random order every time it is asked, like an MCP server may. */
  static final class Shuffling implements ToolSource {
    final List<dev.longhaul.tools.Tool> tools = new CopyOnWriteArrayList<>();

    Shuffling(String... names) {
      for (String name : names) tools.add(new Echo(name));
    }

    @Override
    public List<dev.longhaul.tools.Tool> tools() {
      List<dev.longhaul.tools.Tool> copy = new ArrayList<>(tools);
      Collections.shuffle(copy);
      return copy;
    }
  }
}
