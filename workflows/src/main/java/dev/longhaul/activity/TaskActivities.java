package dev.longhaul.activity;

import io.temporal.activity.ActivityInterface;

/** Bookkeeping in the item store that is not a model call or a tool. */
@ActivityInterface
public interface TaskActivities {
  TaskOpened openTask(OpenTask request);

  MessageAppended appendMessage(AppendMessage request);

  void recordStatus(StatusUpdate update);
}
