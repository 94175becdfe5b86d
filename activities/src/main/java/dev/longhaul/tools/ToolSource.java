package dev.longhaul.tools;

import java.util.List;

/**
 * Where tools come from: the built-in ones, or a source whose list can change while a task runs
 * (a plugin, an MCP server). Asked on every request; the order it answers in does not matter.
 */
@FunctionalInterface
public interface ToolSource {
  List<Tool> tools();
}
