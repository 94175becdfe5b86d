package dev.longhaul.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The tools a task can call, from one or more {@link ToolSource}s. Listed sorted by name whatever
 * their source or the order a source gives them in, so every request lists them identically and
 * the provider's prompt cache keeps hitting.
 */
public final class ToolRegistry {
  private final List<ToolSource> sources;

  public ToolRegistry(List<ToolSource> sources) {
    this.sources = List.copyOf(sources);
  }

  public static ToolRegistry standard() {
    return new ToolRegistry(List.of(ToolRegistry::builtIn));
  }

  /** The built-in tools and the tools of {@code extra}. */
  public static ToolRegistry standardWith(List<ToolSource> extra) {
    List<ToolSource> sources = new ArrayList<>();
    sources.add(ToolRegistry::builtIn);
    sources.addAll(extra);
    return new ToolRegistry(sources);
  }

  static List<Tool> builtIn() {
    return List.of(
        new ShellTool(), new ReadFileTool(), new ListDirTool(), new GrepTool(),
        new ApplyPatchTool(), new UpdatePlanTool());
  }

  public Optional<Tool> find(String name) {
    return Optional.ofNullable(byName().get(name));
  }

  /** All tools, sorted by name. A name given twice is an error: which one ran would be a guess. */
  public List<Tool> sorted() {
    return List.copyOf(byName().values());
  }

  private TreeMap<String, Tool> byName() {
    TreeMap<String, Tool> tools = new TreeMap<>();
    for (ToolSource source : sources) {
      for (Tool tool : source.tools()) {
        if (tools.putIfAbsent(tool.name(), tool) != null) {
          throw new IllegalStateException("two tools are named " + tool.name());
        }
      }
    }
    return tools;
  }
}
