package dev.longhaul.workflow;

import dev.longhaul.contract.AttemptInspection;
import dev.longhaul.contract.DiffStats;
import dev.longhaul.workflow.Attempts.AttemptView;

/**
 * The developer messages that tell the model (and the transcript's reader) what a best-of-N turn
 * did: the attempts, how each ended, its diff and check, the pick and why. Plain text, no Temporal.
 */
final class AttemptNotes {
  /** Reasons carried in history and the note are clipped to this. */
  static final int REASON_CHARS = 1_500;

  private AttemptNotes() {}

  static String picked(Attempts attempts, String check, DiffStats applied) {
    StringBuilder note = new StringBuilder("This task ran as ").append(attempts.attempts().size())
        .append(" parallel attempts of the same prompt, each an agent in its own copy of the workspace");
    note.append(check == null ? ".\n" : "; then `" + check + "` was run in each.\n");
    list(note, attempts);
    AttemptView winner = attempts.attempts().get(attempts.picked() - 1);
    note.append("\nThe ").append(attempts.reviewer().equals("person") ? "user" : "reviewer model")
        .append(" picked attempt ").append(attempts.picked()).append(" (").append(winner.taskId()).append("): ")
        .append(attempts.reasons()).append('\n');
    note.append("\nIts changes (").append(applied.summary()).append(") are now applied to this workspace, ")
        .append("and the conversation above is that attempt's. ")
        .append("Continue from here as usual.");
    return note.toString();
  }

  static String none(Attempts attempts) {
    StringBuilder note = new StringBuilder("This task ran as ").append(attempts.attempts().size())
        .append(" parallel attempts, and none finished, so none was picked and the workspace is unchanged.\n");
    list(note, attempts);
    return note.toString();
  }

  private static void list(StringBuilder note, Attempts attempts) {
    for (AttemptView a : attempts.attempts()) {
      note.append("- attempt ").append(a.attempt()).append(" (").append(a.taskId()).append("): ").append(a.outcome());
      AttemptInspection inspection = a.inspection();
      if (inspection != null) {
        note.append("; ").append(inspection.diff().summary());
        if (inspection.checkExit() != null) {
          note.append("; check ").append(inspection.checkPassed() ? "passed" : "failed (exit " + inspection.checkExit() + ")");
        }
      }
      note.append('\n');
    }
  }

  /** The attempts as the Temporal UI's current details show them, below the task's own status. */
  static String markdown(Attempts attempts) {
    StringBuilder md = new StringBuilder("\n**attempts** · ").append(attempts.phase().name().replace('_', ' ')).append('\n');
    for (AttemptView a : attempts.attempts()) {
      md.append("- ").append(attempts.picked() != null && attempts.picked() == a.attempt() ? "**picked** " : "")
          .append('`').append(a.taskId()).append("` ").append(a.outcome());
      if (a.inspection() != null) {
        md.append(" · ").append(a.inspection().diff().summary());
        if (a.inspection().checkExit() != null) md.append(" · check ").append(a.inspection().checkPassed() ? "passed" : "failed");
      }
      md.append('\n');
    }
    if (attempts.reasons() != null) md.append("\nwhy: ").append(attempts.reasons()).append('\n');
    if (attempts.error() != null) md.append('\n').append(attempts.error()).append('\n');
    return md.toString();
  }
}
