package dev.longhaul.workflow;

/**
 * How a turn's loop stopped.
 *
 * @param reason why the turn was interrupted or needs attention; null otherwise
 */
record TurnOutcome(Kind kind, String reason) {
  enum Kind {
    /** The model answered without asking for a tool: the turn is over. */
    ANSWERED,
    /** The context was compacted: the turn goes on in a fresh run (continue-as-new). */
    COMPACTED,
    /** Temporal suggested a fresh run before the next step: the turn goes on there. */
    CONTINUED,
    /** The user interrupted the turn: it is over, with the reason recorded. */
    INTERRUPTED,
    /** The turn cannot go on by itself (compaction kept failing); the task waits for a person. */
    NEEDS_ATTENTION
  }

  static TurnOutcome answered() {
    return new TurnOutcome(Kind.ANSWERED, null);
  }

  static TurnOutcome compacted() {
    return new TurnOutcome(Kind.COMPACTED, null);
  }

  static TurnOutcome continued() {
    return new TurnOutcome(Kind.CONTINUED, null);
  }

  static TurnOutcome interrupted(String reason) {
    return new TurnOutcome(Kind.INTERRUPTED, reason);
  }

  static TurnOutcome needsAttention(String reason) {
    return new TurnOutcome(Kind.NEEDS_ATTENTION, reason);
  }

  /** Whether the turn goes on in the next run rather than being over. */
  boolean continuesInNextRun() {
    return kind == Kind.COMPACTED || kind == Kind.CONTINUED;
  }
}
