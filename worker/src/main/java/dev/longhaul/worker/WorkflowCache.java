package dev.longhaul.worker;

import io.temporal.worker.WorkerFactoryOptions;

/**
 * How a worker keeps the workflows it runs in memory: the one place {@code longhaul worker} and
 * {@code longhaul dev} choose it.
 *
 * <p>The SDK keeps each workflow it has run in a cache, so its next workflow task continues where
 * the last one stopped instead of replaying the run's history; a cached workflow holds a workflow
 * thread, parked where the workflow waits. On a JVM with virtual threads (21+) those threads are
 * virtual: a parked one is a few kilobytes of heap and no operating-system thread, so a task idle
 * for days costs no thread. On 17 they are platform threads, and the cache's bound is what keeps
 * idle tasks from holding one each: past {@code size} workflows the least recently used is evicted,
 * its thread ends, and its next workflow task replays its history (short: continue-as-new keeps it
 * so). Active tasks should fit in the cache; an evicted one costs a replay, not correctness.
 *
 * @param size the most workflows kept in memory
 * @param virtualThreads whether workflow threads are virtual
 */
public record WorkflowCache(int size, boolean virtualThreads) {
  /** The SDK's own default: room for a few hundred active tasks besides the idle ones. */
  public static final int DEFAULT_SIZE = 600;

  private static final int SDK_DEFAULT_THREADS = 600;

  /** The first Java release whose virtual threads the SDK can use (they are final from 21). */
  static final int VIRTUAL_THREADS_SINCE = 21;

  public WorkflowCache {
    if (size <= 0) throw new IllegalArgumentException("the workflow cache size must be positive, not " + size);
  }

  /** {@link #DEFAULT_SIZE} workflows, on virtual threads where this JVM has them. */
  public static WorkflowCache defaults() {
    return of(DEFAULT_SIZE);
  }

  /** {@code size} workflows, on virtual threads where this JVM has them. */
  public static WorkflowCache of(int size) {
    return new WorkflowCache(size, supportsVirtualThreads(Runtime.version().feature()));
  }

  /** Whether a JVM of this feature release ({@code Runtime.version().feature()}) has virtual threads. */
  static boolean supportsVirtualThreads(int javaFeatureRelease) {
    return javaFeatureRelease >= VIRTUAL_THREADS_SINCE;
  }

  /**
   * {@code options} with this cache. The SDK also caps the number of workflow threads (600 by
   * default) and evicts cached workflows to stay under it, so the cap grows with a larger cache.
   */
  public WorkerFactoryOptions.Builder applyTo(WorkerFactoryOptions.Builder options) {
    int threads = Math.max(size, SDK_DEFAULT_THREADS);
    return options
        .setWorkflowCacheSize(size)
        .setMaxWorkflowThreadCount(threads)
        .setUsingVirtualWorkflowThreads(virtualThreads);
  }

  /** One line for a worker's start-up notes. */
  public String describe() {
    return "workflow cache: " + size + " workflows, on " + (virtualThreads ? "virtual" : "platform") + " threads";
  }
}
