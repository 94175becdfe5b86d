package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.longhaul.contract.Usage;

/**
 * Token counts of a task so far.
 *
 * @param context the estimated size of the context the next model call sends
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Tokens(long input, long cached, long output, long reasoning, long context) {
  public static Tokens of(Usage total, long context) {
    return new Tokens(total.input(), total.cached(), total.output(), total.reasoning(), context);
  }
}
