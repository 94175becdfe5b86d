package dev.longhaul.activities;

import dev.longhaul.contract.ContextRef;
import dev.longhaul.contract.FailureType;
import dev.longhaul.store.Item;
import dev.longhaul.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent context of each task, kept in the worker so each step reads only the items added
 * since the previous one instead of the whole transcript.
 *
 * <p>Caching is safe because items below a context's {@code toSeq} never change: the workflow
 * hands out a {@code toSeq} only once every item before it is final.
 */
public final class ContextCache {
  private final Store store;
  private final int maxTasks;
  private final Map<String, Entry> entries;

  public ContextCache(Store store, int maxTasks) {
    this.store = store;
    this.maxTasks = maxTasks;
    this.entries = new LinkedHashMap<>(16, 0.75f, true);
  }

  /**
   * The context {@code ref} names: its checkpoint's items (none for checkpoint 0), then the items
   * with {@code ref.fromSeq() <= seq < ref.toSeq()}, in order.
   */
  List<Item> items(String taskId, ContextRef ref) {
    Entry entry = entry(taskId);
    // One loader per task at a time; other tasks load in parallel.
    synchronized (entry) {
      if (entry.checkpoint != ref.checkpoint() || entry.fromSeq != ref.fromSeq() || entry.loadedTo > ref.toSeq()) {
        entry.items.clear();
        entry.checkpoint = ref.checkpoint();
        entry.fromSeq = ref.fromSeq();
        entry.loadedTo = ref.fromSeq();
        if (ref.checkpoint() > 0) {
          entry.items.addAll(store.checkpoints().checkpointItems(taskId, ref.checkpoint()));
        }
      }
      if (entry.loadedTo < ref.toSeq()) {
        List<Item> added = store.items().items(taskId, entry.loadedTo, ref.toSeq());
        if (added.size() != ref.toSeq() - entry.loadedTo) {
          // Retrying cannot fill a gap: fail the step so the task says so instead of hanging.
          throw FailureType.TRANSCRIPT_GAP.failure(
              "task " + taskId + " is missing items in [" + entry.loadedTo + ", " + ref.toSeq()
                  + "): found " + added.size() + "; resume it from a checkpoint");
        }
        entry.items.addAll(added);
        entry.loadedTo = ref.toSeq();
        entry.chars = entry.items.stream().mapToLong(i -> i.raw().length()).sum();
      }
      return List.copyOf(entry.items);
    }
  }

  /**
   * The task's entry. Least recently used entries are dropped beyond {@code maxTasks} tasks or
   * {@link #MAX_CHARS} characters of items in all, so a worker serving many long tasks keeps a
   * bounded heap; a dropped entry is read again from the store when next needed.
   */
  private synchronized Entry entry(String taskId) {
    Entry entry = entries.computeIfAbsent(taskId, id -> new Entry());
    long chars = 0;
    for (Entry e : entries.values()) chars += e.chars;
    var eldest = entries.entrySet().iterator();
    while ((entries.size() > maxTasks || chars > MAX_CHARS) && eldest.hasNext()) {
      var next = eldest.next();
      if (next.getValue() == entry) continue;
      chars -= next.getValue().chars;
      eldest.remove();
    }
    return entry;
  }

  /** About 256 MB of heap, at two bytes a character. */
  static final long MAX_CHARS = 128L * 1024 * 1024;

  private static final class Entry {
    final List<Item> items = new ArrayList<>();
    /** Read and written under the entry's lock, read without it when evicting (an estimate). */
    volatile long chars;
    int checkpoint = -1;
    long fromSeq = -1;
    long loadedTo = -1;
  }
}
