package dev.longhaul.tools;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The tools a task can call. Iteration order is by name, whatever order the tools were added in,
 * so every request lists them identically and the provider's prompt cache keeps hitting.
 */
public final class ToolRegistry {
  private final TreeMap<String, Tool> tools = new TreeMap<>();

  public ToolRegistry(Collection<? extends Tool> tools) {
    for (Tool tool : tools) {
      if (this.tools.putIfAbsent(tool.name(), tool) != null) {
        throw new IllegalArgumentException("two tools are named " + tool.name());
      }
    }
  }

  public static ToolRegistry standard() {
    return new ToolRegistry(
        List.of(
            new ShellTool(),
            new ReadFileTool(),
            new ListDirTool(),
            new GrepTool(),
            new ApplyPatchTool(),
            new UpdatePlanTool()));
  }

  public Optional<Tool> find(String name) {
    return Optional.ofNullable(tools.get(name));
  }

  /** All tools, sorted by name. */
  public List<Tool> sorted() {
    return tools.values().stream().sorted(Comparator.comparing(Tool::name)).toList();
  }
}
