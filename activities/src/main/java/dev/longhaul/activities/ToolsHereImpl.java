package dev.longhaul.activities;

import dev.longhaul.contract.ToolsHere;

/**
 * The local activity that runs a read-only call in the worker running the workflow task. It runs
 * the call only when this worker's host holds the workspace: the workflow task may have gone to a
 * worker on another host, which has no such directory (or, worse, another task's).
 */
public final class ToolsHereImpl implements ToolsHere {
  private final String hostId;
  private final ToolActivitiesImpl tools;

  /** @param hostId this worker's host; @param tools the activities this host's queue runs */
  public ToolsHereImpl(String hostId, ToolActivitiesImpl tools) {
    this.hostId = hostId;
    this.tools = tools;
  }

  @Override
  public Result runToolHere(Request request) {
    if (request.host() != null && !request.host().equals(hostId)) return Result.notHere();
    return tools.runIfReadOnly(request.call()).map(Result::new).orElseGet(Result::notHere);
  }
}
