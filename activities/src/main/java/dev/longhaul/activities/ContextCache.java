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
 *
 * <p>Loads are single-flight: a task's entry is a lease its first loader holds while it queries;
 * loaders of the same task that arrive meanwhile wait for it and then find the items in the entry,
 * so concurrent loads of one task make one query. A load that fails leaves the entry as it was
 * (nothing partial is cached), and the next waiter queries again. Different tasks load in parallel.
 */
public final class ContextCache {
  private final Loader loader;
  private final int maxTasks;
  private final Map<String, Entry> entries;

  public ContextCache(Store store, int maxTasks) {
    this(Loader.of(store), maxTasks);
  }

  /** @param loader where the items are read from: the store, or in a test a wrapper that counts */
  public ContextCache(Loader loader, int maxTasks) {
    this.loader = loader;
    this.maxTasks = maxTasks;
    this.entries = new LinkedHashMap<>(16, 0.75f, true);
  }

  /** The two queries a load makes. */
  public interface Loader {
    /** A checkpoint's items, in order. */
    List<Item> checkpointItems(String taskId, int checkpoint);

    /** The transcript's items with {@code fromSeq <= seq < toSeq}, in order. */
    List<Item> items(String taskId, long fromSeq, long toSeq);

    static Loader of(Store store) {
      return new Loader() {
        @Override
        public List<Item> checkpointItems(String taskId, int checkpoint) {
          return store.checkpoints().checkpointItems(taskId, checkpoint);
        }

        @Override
        public List<Item> items(String taskId, long fromSeq, long toSeq) {
          return store.items().items(taskId, fromSeq, toSeq);
        }
      };
    }
  }

  /**
   * The context {@code ref} names: its checkpoint's items (none for checkpoint 0), then the items
   * with {@code ref.fromSeq() <= seq < ref.toSeq()}, in order.
   */
  List<Item> items(String taskId, ContextRef ref) {
    Entry entry = entry(taskId);
    // The entry's lock is the lease: one loader per task at a time, the others wait for its result.
    synchronized (entry) {
      boolean reset = entry.checkpoint != ref.checkpoint() || entry.fromSeq != ref.fromSeq()
          || entry.loadedTo > ref.toSeq();
      List<Item> checkpointItems =
          reset && ref.checkpoint() > 0 ? loader.checkpointItems(taskId, ref.checkpoint()) : List.of();
      long from = reset ? ref.fromSeq() : entry.loadedTo;
      List<Item> added = from < ref.toSeq() ? loader.items(taskId, from, ref.toSeq()) : List.of();
      if (added.size() != ref.toSeq() - from) {
        // Retrying cannot fill a gap: fail the step so the task says so instead of hanging.
        throw FailureType.TRANSCRIPT_GAP.failure(
            "task " + taskId + " is missing items in [" + from + ", " + ref.toSeq()
                + "): found " + added.size() + "; resume it from a checkpoint");
      }
      // Only now, every query answered, does the entry change: a failed load caches nothing.
      if (reset) {
        entry.items.clear();
        entry.items.addAll(checkpointItems);
        entry.checkpoint = ref.checkpoint();
        entry.fromSeq = ref.fromSeq();
      }
      entry.items.addAll(added);
      entry.loadedTo = ref.toSeq();
      if (reset || !added.isEmpty()) entry.chars = entry.items.stream().mapToLong(i -> i.raw().length()).sum();
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
