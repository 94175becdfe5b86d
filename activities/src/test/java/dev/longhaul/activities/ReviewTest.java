package dev.longhaul.activities;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.longhaul.contract.AttemptInspection;
import dev.longhaul.contract.DiffStats;
import dev.longhaul.contract.ReviewAttempts.ReviewedAttempt;
import dev.longhaul.model.CallHooks;
import dev.longhaul.model.ModelConfig;
import dev.longhaul.model.ModelException;
import dev.longhaul.model.ResponsesClient;
import dev.longhaul.testing.FakeModelServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The review's message and its one model call, against the fake model over HTTP. */
class ReviewTest {
  private static final FakeModelServer model = FakeModelServer.start();
  private final ReviewModel reviewer =
      new ReviewModel(new ResponsesClient(new ModelConfig(model.baseUrl(), null, "test-model", Duration.ofSeconds(5))));

  @AfterAll
  static void stop() {
    model.close();
  }

  @Test
  void theMessage_holdsEachAttempt_andSaysWhereADiffWasCut() {
    String big = "diff --git a/x b/x\n" + "+line\n".repeat(30_000);
    List<ReviewedAttempt> attempts = List.of(
        new ReviewedAttempt(1, "t.1", "/w/t.1", "b1", "finished", new AttemptInspection(DiffStats.of(big), 0, "ok")),
        new ReviewedAttempt(2, "t.2", "/w/t.2", "b2", "needs attention", new AttemptInspection(DiffStats.NONE, 2, "FAIL x")));

    String message = ReviewMessage.of("Fix it", "make test", attempts,
        a -> "answer of " + a.attempt(), a -> a.attempt() == 1 ? big : "");

    assertThat(message).contains("# The task\n\nFix it", "## Attempt 1", "answer of 1", "passed (exit 0)",
        "(cut at 60000 of " + big.length() + " characters)", "## Attempt 2", "Ended: needs attention",
        "FAILED (exit 2)", "FAIL x", "Its diff: (no changes)");
    assertThat(message.length()).isLessThan(62_000);
  }

  @Test
  void thePick_isTheToolCall_andAnAnswerThatIsNotOneIsMalformed() throws Exception {
    model.script(
        reply(toolCall("pick_attempt", "{\"attempt\":2,\"reasons\":\"passes\"}")),
        reply(text("I pick 2.")),
        reply(toolCall("pick_attempt", "{\"attempt\":7,\"reasons\":\"?\"}")),
        reply(toolCall("pick_attempt", "not json")));

    ReviewModel.Answer answer = reviewer.pick("test-model", "t", "review these", Set.of(1, 2), CallHooks.none());
    assertThat(answer.attempt()).isEqualTo(2);
    assertThat(answer.reasons()).isEqualTo("passes");
    assertThat(model.requests().get(0).body().path("tools").path(0).path("parameters").path("properties")
        .path("attempt").path("enum").toString()).isEqualTo("[1,2]");

    for (String why : List.of("without calling pick_attempt", "attempt 7, which is not one of [1, 2]", "are not JSON")) {
      ModelException e = catchThrowableOfType(
          () -> reviewer.pick("test-model", "t", "review these", Set.of(1, 2), CallHooks.none()), ModelException.class);
      assertThat(e.kind()).isEqualTo(ModelException.Kind.MALFORMED);
      assertThat(e.getMessage()).contains(why);
    }
  }
}
