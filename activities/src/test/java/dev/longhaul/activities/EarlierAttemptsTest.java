package dev.longhaul.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.store.Item;
import dev.longhaul.store.ItemKind;
import dev.longhaul.store.ToolAttempt;
import dev.longhaul.tools.ToolProgress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EarlierAttemptsTest {
  private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
  private static final Item OUTPUT =
      new Item(3, 1, ItemKind.FUNCTION_CALL_OUTPUT, "{\"type\":\"function_call_output\"}", 5);

  private static ToolAttempt attempt(int n, boolean executed, Boolean failed) {
    return new ToolAttempt("a" + n, "task", 3, "call_1", n, "1@host", executed, T,
        failed == null ? null : T.plusSeconds(5), failed);
  }

  @Test
  void anAttemptThatRanAndNeverFinished_cutTheCallOff() {
    ToolAttempt lost = attempt(1, true, null);

    EarlierAttempts earlier = new EarlierAttempts(Optional.empty(), List.of(lost));

    assertThat(earlier.cutOff()).contains(lost);
  }

  @Test
  void attemptsThatFinished_orNeverRanTheCall_cutNothingOff() {
    EarlierAttempts none = new EarlierAttempts(Optional.empty(), List.of());
    EarlierAttempts finished = new EarlierAttempts(Optional.of(OUTPUT), List.of(attempt(1, true, false)));
    EarlierAttempts answeredOnly = new EarlierAttempts(Optional.empty(), List.of(attempt(2, false, null)));

    assertThat(none.cutOff()).isEmpty();
    assertThat(finished.cutOff()).isEmpty();
    assertThat(answeredOnly.cutOff()).isEmpty();
  }

  @Test
  void aStoredOutput_isFailedAsItsAttemptRecorded_andNotFailedWhenItsAttemptWasLostBeforeRecording() {
    EarlierAttempts cutOffAnswer =
        new EarlierAttempts(Optional.of(OUTPUT), List.of(attempt(1, true, null), attempt(2, false, true)));
    EarlierAttempts unlabelled = new EarlierAttempts(Optional.of(OUTPUT), List.of(attempt(1, true, null)));

    assertThat(cutOffAnswer.storedOutputFailed()).isTrue();
    assertThat(unlabelled.storedOutputFailed()).isFalse();
  }

  @Test
  void theCutOffNotice_saysHowLongTheCallRan_thatItsEffectsAreUnknown_andWhatItPrinted() {
    String notice = EarlierAttempts.cutOffNotice(Optional.of(new ToolProgress(12, "compiling\nlinking\n")));

    assertThat(notice).isEqualTo(
        "This call was cut off after at least 12 seconds when the worker running it was lost; its"
            + " effects are unknown (it may have finished, partly run, or not run at all). It was not"
            + " run again: check the state it would have changed before you repeat it.\n"
            + "Output captured so far (at least the output up to the last heartbeat; anything"
            + " printed after it was lost):\ncompiling\nlinking\n");
  }

  @Test
  void theCutOffNotice_withoutAHeartbeat_saysNoOutputWasCaptured() {
    String notice = EarlierAttempts.cutOffNotice(Optional.empty());

    assertThat(notice)
        .startsWith("This call was cut off when the worker running it was lost; its effects are unknown")
        .endsWith("No output was captured: the worker was lost before it first reported progress.");
  }
}
