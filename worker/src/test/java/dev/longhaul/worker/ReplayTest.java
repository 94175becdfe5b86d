package dev.longhaul.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.longhaul.contract.StatusUpdate;
import dev.longhaul.contract.TaskActivities;
import dev.longhaul.workflow.AgentWorkflowImpl;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the recorded histories under {@code src/test/resources/histories/} (written by {@link
 * HistoryRecorder}) against the current {@link AgentWorkflowImpl}. A failure means a change to
 * the workflow would make tasks that are running now fail with a nondeterminism error when their
 * worker is upgraded: guard the change with {@code Workflow.getVersion}, do not re-record.
 */
class ReplayTest {
  /** The histories that must be there; any other JSON file in the directory is replayed too. */
  static final List<String> REQUIRED =
      List.of("tool-loop.json", "follow-up.json", "interrupt.json", "compaction-run1.json", "compaction-run2.json",
          "approvals.json", "best-of.json", "best-of-attempt.json",
          "read-only-here.json");

  static Stream<String> histories() throws IOException, URISyntaxException {
    Path dir = Path.of(Objects.requireNonNull(ReplayTest.class.getResource("/histories"), "no histories/").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList().stream();
    }
  }

  @Test
  void everyRepresentativeTask_hasARecordedHistory() throws Exception {
    assertThat(histories()).containsAll(REQUIRED);
  }

  @ParameterizedTest(name = "{0} replays without nondeterminism")
  @MethodSource("histories")
  void recordedHistory_replaysWithoutNondeterminism(String name) throws Exception {
    String workflowId = RECORDED_IDS.get(name);
    if (workflowId == null) {
      WorkflowReplayer.replayWorkflowExecution(history(name), AgentWorkflowImpl.class);
    } else {
      WorkflowReplayer.replayWorkflowExecution(
          io.temporal.common.WorkflowExecutionHistory.fromJson(history(name), workflowId), AgentWorkflowImpl.class);
    }
  }

  /**
   * The task id a history was recorded under, where the commands depend on it: a best-of-N task
   * names its child workflows after itself, which replay compares. A history file holds no
   * workflow id, and the replayer's default would name the children differently.
   */
  private static final java.util.Map<String, String> RECORDED_IDS =
      java.util.Map.of("best-of.json", "replay-best-of", "best-of-attempt.json", "replay-best-of.1");

  /** The check can fail: a workflow that issues a different first command is caught. */
  @Test
  void aWorkflowThatSchedulesADifferentActivityFirst_failsToReplay() throws Exception {
    String history = history("tool-loop.json");

    // The replayer reports the nondeterminism as the text of a query failure, not as a cause.
    assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, UnguardedChange.class))
        .hasMessageContaining(NonDeterministicException.class.getName())
        .hasMessageContaining("activityType")
        .hasMessageContaining("RecordStatus")
        .hasMessageContaining("OpenTask");
  }

  /** The same change behind {@code Workflow.getVersion} replays: old histories take the old path. */
  @Test
  void theSameChangeGuardedByGetVersion_replays() throws Exception {
    WorkflowReplayer.replayWorkflowExecution(history("tool-loop.json"), GuardedChange.class);
  }

  /** A new activity before everything else, as an unguarded change to the workflow would add. */
  public static class UnguardedChange extends AgentWorkflowImpl {
    @Override
    public TaskResult run(TaskInput input) {
      extraStep();
      return super.run(input);
    }
  }

  /** The same new activity, only for workflows that start on the new code. */
  public static class GuardedChange extends AgentWorkflowImpl {
    @Override
    public TaskResult run(TaskInput input) {
      if (Workflow.getVersion("replay-test-extra-step", Workflow.DEFAULT_VERSION, 1) == 1) extraStep();
      return super.run(input);
    }
  }

  static void extraStep() {
    Workflow.newActivityStub(
            TaskActivities.class, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build())
        .recordStatus(new StatusUpdate(Workflow.getInfo().getWorkflowId(), "starting", 0, 0, null, null));
  }

  private static String history(String name) throws IOException {
    try (var in = Objects.requireNonNull(ReplayTest.class.getResourceAsStream("/histories/" + name), name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
