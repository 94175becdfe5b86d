package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The design's central claim: the transcript lives in PostgreSQL and the workflow carries
 * references, so each step adds the same number of history bytes however large the context.
 */
class HistorySizeTest {
  static final int STEPS = 71;
  @RegisterExtension static final AgentHarness harness = AgentHarness.builder().build();
  @TempDir Path workspace;

  @Test
  void historyBytesPerStep_stayFlatWhileTheContextGrows() throws Exception {
    // Each step's tool prints more than the last, so the context grows every step.
    for (int step = 1; step < STEPS; step++) {
      harness.model.script(reply(toolCall("shell", "{\"command\":\"seq 1 " + (step * 200) + "\"}")));
    }
    harness.model.script(reply(text("Counted.")));
    String taskId = harness.start(workspace, "Count a lot");
    harness.awaitTurnEnd(taskId, 1);

    var requests = harness.model.requests();
    assertThat(requests).hasSize(STEPS);
    int contextAtStep10 = requests.get(9).rawBody().length();
    int contextAtStep60 = requests.get(59).rawBody().length();
    assertThat(contextAtStep60).isGreaterThan(4 * contextAtStep10);

    List<Long> bytesPerStep = bytesPerStep(taskId);
    // Medians of steps 5-15 and 55-65: a step the machine's load made Temporal retry (a workflow
    // task timeout, an activity attempt) adds events once; growth with the context would show in
    // every step.
    long at10 = median(bytesPerStep.subList(4, 15));
    long at60 = median(bytesPerStep.subList(54, 65));
    System.out.printf(
        "history bytes per step (median): steps 5-15 = %d, steps 55-65 = %d; request bytes: step 10 = %d, step 60 = %d%n",
        at10, at60, contextAtStep10, contextAtStep60);
    // A little growth is sequence numbers and token counts gaining digits, and how the two
    // search-attribute upserts of a step fall into workflow tasks (measured: +19 bytes on the CLI's
    // dev server, +150 on the Java test server); anything proportional to the context, which grew
    // 6.6-fold, would be tens of thousands.
    assertThat(at60).isLessThanOrEqualTo(at10 + 256);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    java.util.Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /** History bytes from one model call's scheduling to the next one's. */
  private static List<Long> bytesPerStep(String taskId) {
    List<HistoryEvent> events = harness.client.fetchHistory(taskId).getHistory().getEventsList();
    List<Long> steps = new ArrayList<>();
    long current = -1;
    for (HistoryEvent event : events) {
      boolean sample =
          event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
              && event.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("Sample");
      if (sample) {
        if (current >= 0) steps.add(current);
        current = 0;
      }
      if (current >= 0) current += event.getSerializedSize();
    }
    return steps;
  }
}
