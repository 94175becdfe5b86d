package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Which stored items make up the model's context: the items of checkpoint {@code checkpoint}
 * (none when it is 0) followed by the task's items with {@code fromSeq <= seq < toSeq}.
 *
 * <p>This reference, not the items, is what crosses the workflow/activity boundary, so workflow
 * history grows by a constant amount per step however large the context gets.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContextRef(int checkpoint, long fromSeq, long toSeq) {
  public static ContextRef fromStart(long toSeq) {
    return new ContextRef(0, 0, toSeq);
  }

  /** The same context, extended (or cut) to end before {@code toSeq}. */
  public ContextRef upTo(long toSeq) {
    return new ContextRef(checkpoint, fromSeq, toSeq);
  }
}
