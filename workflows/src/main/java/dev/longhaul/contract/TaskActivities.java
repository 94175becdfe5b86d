package dev.longhaul.contract;

import io.temporal.activity.ActivityInterface;

/** Bookkeeping in the item store that is not a model call or a tool. */
@ActivityInterface
public interface TaskActivities {
  TaskOpened openTask(OpenTask request);

  MessageAppended appendMessage(AppendMessage request);

  void recordStatus(StatusUpdate update);

  /**
   * Materializes the context a resumed or forked task starts from as a new checkpoint of {@code
   * taskId}, answering any tool call that was left without an output.
   */
  Restored restore(RestoreRequest request);

  /**
   * What {@code taskId}'s model calls spent, every attempt of every call, from the usage ledger:
   * for a best-of-N attempt that failed and so returned no result to charge.
   */
  Spent spentBy(String taskId);
}
