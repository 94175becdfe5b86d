package dev.longhaul.cli;

import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.testing.Reply;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** The model's replies, and when each request arrived (nanoTime), in order of arrival. */
final class TimedReplies implements Function<RecordedRequest, Reply> {
  private final Function<RecordedRequest, Reply> replies;
  private final List<Long> arrivals = new CopyOnWriteArrayList<>();

  TimedReplies(Function<RecordedRequest, Reply> replies) {
    this.replies = replies;
  }

  /** The replies in order; a request past the last gets the fake's 400, "nothing scripted". */
  static TimedReplies of(Reply... script) {
    AtomicInteger next = new AtomicInteger();
    return new TimedReplies(request -> {
      int n = next.getAndIncrement();
      return n < script.length ? script[n] : null;
    });
  }

  @Override
  public Reply apply(RecordedRequest request) {
    arrivals.add(System.nanoTime());
    return replies.apply(request);
  }

  /** Waits for the {@code count}th request and returns when it arrived. */
  long awaitArrivals(int count) {
    Await.until(() -> arrivals.size() >= count, ProcessStack.STEP_LIMIT, count + " model requests");
    return arrivals.get(count - 1);
  }
}
