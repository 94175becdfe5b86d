package dev.longhaul.workflow;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.util.function.Supplier;

/**
 * A turn's loop in a cancellation scope of its own, so that an interrupt (a signal, handled on
 * another workflow thread) cancels the step in flight: a running activity is cancelled, and with
 * it a shell command's process tree.
 */
final class InterruptibleTurn {
  private final CancellationScope scope;
  private TurnOutcome outcome;

  InterruptibleTurn(Supplier<TurnOutcome> loop) {
    this.scope = Workflow.newCancellationScope(() -> outcome = loop.get());
  }

  /** Cancels the turn; before {@link #run()}, it stops as soon as it starts. */
  void interrupt(String reason) {
    scope.cancel(reason);
  }

  boolean interrupted() {
    return scope.isCancelRequested();
  }

  /**
   * Runs the loop to its outcome.
   *
   * @throws RuntimeException what the loop threw: a cancellation when {@link #interrupted()}
   */
  TurnOutcome run() {
    scope.run();
    return outcome;
  }
}
