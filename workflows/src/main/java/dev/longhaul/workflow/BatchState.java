package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.longhaul.contract.ToolCallRef;
import java.util.List;

/**
 * How far a response's tool calls have got, carried so that a run that continues as new while a
 * call waits for a person picks the batch up where it stopped.
 *
 * @param firstOutputSeq the seq of the first call's output; call {@code i}'s is {@code +i}
 * @param settled how many calls, in order, have their final output
 * @param askingToRetry the call at {@code settled} failed in the sandbox and waits for a person
 *     to allow running it again outside; it must not run again before that answer
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record BatchState(List<ToolCallRef> calls, long firstOutputSeq, int settled, boolean askingToRetry) {
  BatchState settledTo(int settled) {
    return new BatchState(calls, firstOutputSeq, settled, false);
  }

  BatchState retryAsked() {
    return new BatchState(calls, firstOutputSeq, settled, true);
  }
}
