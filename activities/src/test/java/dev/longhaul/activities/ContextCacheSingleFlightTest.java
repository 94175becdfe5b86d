package dev.longhaul.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.activities.ContextCache.Loader;
import dev.longhaul.contract.ContextRef;
import dev.longhaul.store.Item;
import dev.longhaul.store.ItemKind;
import dev.longhaul.store.Store;
import dev.longhaul.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The cache's lease: concurrent loads of one task make one query through the real store, a failed
 * load is not cached, and different tasks load at the same time.
 */
class ContextCacheSingleFlightTest {
  private static final int LOADERS = 8;
  private final Store store = TestDatabase.store();

  @Test
  void loadersOfOneUncachedTask_arrivingWhileItsQueryRuns_shareThatOneQuery() throws Exception {
    String task = seeded(40);
    Counting loader = new Counting(Loader.of(store), first -> awaitOthersWaiting(first));
    ContextCache cache = new ContextCache(loader, 8);

    List<List<Item>> results = loadAtOnce(cache, task, LOADERS);

    assertThat(loader.queries.get()).isEqualTo(1);
    assertThat(results).hasSize(LOADERS).allSatisfy(items -> assertThat(items).hasSize(40));
  }

  @Test
  void aFailedLoad_isNotCached_andTheNextWaiterQueriesAgain() throws Exception {
    String task = seeded(5);
    Counting loader = new Counting(Loader.of(store), first -> {
      awaitOthersWaiting(first);
      throw new IllegalStateException("the store went away");
    });
    ContextCache cache = new ContextCache(loader, 8);

    List<Future<List<Item>>> futures = startAtOnce(cache, task, LOADERS);
    int failed = 0;
    for (Future<List<Item>> f : futures) {
      try {
        assertThat(f.get(30, TimeUnit.SECONDS)).extracting(Item::seq).containsExactly(0L, 1L, 2L, 3L, 4L);
      } catch (ExecutionException e) {
        assertThat(e.getCause()).hasMessage("the store went away");
        failed++;
      }
    }

    assertThat(failed).isEqualTo(1);
    assertThat(loader.queries.get()).isEqualTo(2); // the failed one, then one for all the waiters
  }

  @Test
  void differentTasks_loadInParallel() throws Exception {
    List<String> tasks = List.of(seeded(3), seeded(4));
    // Each task's query waits until the other's has started: loads made one at a time would never meet.
    CyclicBarrier bothQuerying = new CyclicBarrier(2);
    Counting loader = new Counting(Loader.of(store), first -> {
      try {
        bothQuerying.await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("the other task's load did not run meanwhile", e);
      }
    });
    ContextCache cache = new ContextCache(loader, 8);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<List<Item>> a = pool.submit(() -> cache.items(tasks.get(0), ContextRef.fromStart(3)));
      Future<List<Item>> b = pool.submit(() -> cache.items(tasks.get(1), ContextRef.fromStart(4)));

      assertThat(a.get(30, TimeUnit.SECONDS)).hasSize(3);
      assertThat(b.get(30, TimeUnit.SECONDS)).hasSize(4);
      assertThat(loader.queries.get()).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The real store's loader, counting its queries; {@code onFirstQuery} runs before each task's first. */
  private static final class Counting implements Loader {
    final AtomicInteger queries = new AtomicInteger();
    private final Loader store;
    private final FirstQuery onFirstQuery;
    private final ConcurrentHashMap<String, Boolean> started = new ConcurrentHashMap<>();

    Counting(Loader store, FirstQuery onFirstQuery) {
      this.store = store;
      this.onFirstQuery = onFirstQuery;
    }

    @Override
    public List<Item> checkpointItems(String taskId, int checkpoint) {
      throw new AssertionError("these tests start from the transcript, checkpoint 0");
    }

    @Override
    public List<Item> items(String taskId, long fromSeq, long toSeq) {
      queries.incrementAndGet();
      if (started.putIfAbsent(taskId, true) == null) onFirstQuery.run(Thread.currentThread());
      return store.items(taskId, fromSeq, toSeq);
    }
  }

  private interface FirstQuery {
    void run(Thread querying);
  }

  private final List<Thread> loaders = new ArrayList<>();

  /** Holds the first query until every other loader waits on the task's lease. */
  private void awaitOthersWaiting(Thread querying) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      synchronized (loaders) {
        if (loaders.size() == LOADERS && loaders.stream()
            .filter(t -> t != querying)
            .allMatch(t -> t.getState() == Thread.State.BLOCKED)) {
          return;
        }
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the other loaders never waited for the first");
  }

  private List<List<Item>> loadAtOnce(ContextCache cache, String task, int n) throws Exception {
    List<List<Item>> results = new ArrayList<>();
    for (Future<List<Item>> f : startAtOnce(cache, task, n)) results.add(f.get(30, TimeUnit.SECONDS));
    return results;
  }

  private List<Future<List<Item>>> startAtOnce(ContextCache cache, String task, int n) {
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r);
      synchronized (loaders) {
        loaders.add(t);
      }
      return t;
    });
    ContextRef ref = ContextRef.fromStart(store.items().nextSeq(task));
    List<Future<List<Item>>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) futures.add(pool.submit(() -> cache.items(task, ref)));
    pool.shutdown();
    return futures;
  }

  private String seeded(int count) {
    String task = "single-flight-" + UUID.randomUUID();
    for (int i = 0; i < count; i++) {
      store.items().upsert(task, new Item(i, 1, ItemKind.USER_MESSAGE,
          "{\"type\":\"message\",\"role\":\"user\",\"content\":\"m" + i + "\"}", 3));
    }
    return task;
  }
}
