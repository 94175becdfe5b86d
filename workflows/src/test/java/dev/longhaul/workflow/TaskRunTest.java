package dev.longhaul.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.contract.AppendMessage;
import dev.longhaul.contract.CompactRequest;
import dev.longhaul.contract.CompactResult;
import dev.longhaul.contract.ContextRef;
import dev.longhaul.contract.MessageAppended;
import dev.longhaul.contract.PlanStep;
import dev.longhaul.contract.PromptShape;
import dev.longhaul.contract.Restored;
import dev.longhaul.contract.SampleRequest;
import dev.longhaul.contract.SampleResult;
import dev.longhaul.contract.TaskOpened;
import dev.longhaul.contract.ToolCallRef;
import dev.longhaul.contract.ToolResult;
import dev.longhaul.contract.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bookkeeping of a task's turns, without Temporal: each transition on its own. */
class TaskRunTest {
  private static final PromptShape SHAPE = new PromptShape("gpt-test", "f1", "read_file,shell");

  private static TaskRun opened() {
    TaskRun run = new TaskRun("task-1");
    run.open("/work/ws", new TaskOpened("gpt-test", true, 1_000), TaskPolicy.defaults(), 0);
    return run;
  }

  private static SampleResult sample(int items, long contextTokens, ToolCallRef... calls) {
    return new SampleResult(items, List.of(calls), new Usage(100, 60, 20, 5), contextTokens,
        "the model's text", SHAPE, null, 1_500);
  }

  @Test
  void aTurnAssignsSeqsInOrder_messageThenModelOutputThenToolOutputs() {
    TaskRun run = opened();
    run.queueTurn(new TurnRequest("fix the build"));

    TurnRequest request = run.beginTurn();
    AppendMessage append = run.appendRequest(AppendMessage.Role.user, request.message());
    run.recordAppend(new MessageAppended(append.seq(), 7));
    SampleRequest first = run.beginStep();
    run.recordSample(sample(2, 300, new ToolCallRef(2, "shell", false, "shell: mvn test")));
    long firstOutput = run.assignToolOutputs(List.of(new ToolCallRef(2, "shell", false, "shell: mvn test")));
    SampleRequest second = run.beginStep();

    assertThat(append).isEqualTo(new AppendMessage("task-1", 1, 0, AppendMessage.Role.user, "fix the build"));
    assertThat(first).isEqualTo(new SampleRequest("task-1", 1, 1, new ContextRef(0, 0, 1), 1, "gpt-test", null));
    assertThat(firstOutput).isEqualTo(3);
    assertThat(second).isEqualTo(new SampleRequest("task-1", 1, 2, new ContextRef(0, 0, 4), 4, "gpt-test", SHAPE));
    assertThat(run.progress().lastTool()).isEqualTo("shell: mvn test");
    assertThat(run.progress().status()).isEqualTo(TaskStatus.running);
  }

  @Test
  void samplesAddUpUsageAndCost_andAModelWithoutAPriceMakesTheCostUnknown() {
    TaskRun run = opened();
    run.queueTurn(new TurnRequest("go"));
    run.beginTurn();
    run.recordSample(sample(1, 200));
    run.recordSample(sample(1, 250));
    assertThat(run.progress().tokens()).isEqualTo(new Tokens(200, 120, 40, 10, 250));
    assertThat(run.progress().costUsd()).isEqualTo(0.003);

    run.recordSample(new SampleResult(1, List.of(), Usage.none(), 260, null, SHAPE, "model changed", -1));
    assertThat(run.progress().costUsd()).isNull();
    assertThat(run.progress().cacheBreaks()).isEqualTo(1);
  }

  @Test
  void toolResultsGrowTheContextEstimate_andAPlanReplacesThePrevious() {
    TaskRun run = opened();
    run.recordSample(sample(1, 100));
    run.recordToolResult(new ToolResult(5, 40, false, "ok", null));
    run.recordToolResult(new ToolResult(6, 10, false, "ok",
        List.of(new PlanStep("read", PlanStep.Status.completed))));
    assertThat(run.progress().tokens().context()).isEqualTo(150);
    assertThat(run.progress().plan()).containsExactly(new PlanStep("read", PlanStep.Status.completed));
  }

  @Test
  void aCompactionStartsTheNextCheckpoint_andThreeWithoutRoomRefuseAFourth() {
    TaskRun run = opened();
    run.queueTurn(new TurnRequest("go"));
    run.beginTurn();
    run.recordSample(sample(3, 1_200));
    assertThat(run.compactionDue()).isTrue();
    assertThat(run.compactRequest())
        .isEqualTo(new CompactRequest("task-1", 1, new ContextRef(0, 0, 3), 1, "gpt-test", "/work/ws"));

    for (int i = 1; i <= CompactionPolicy.BREAKER; i++) {
      assertThat(run.compaction().refusal("full")).isEmpty();
      run.recordCompaction(new CompactResult(new ContextRef(i, 3, 3), 1_100, false));
    }
    assertThat(run.compactRequest().checkpoint()).isEqualTo(4);
    assertThat(run.compaction().refusal("full")).get().asString().contains("after 3 compactions");

    run.endTurn(TurnOutcome.answered());
    run.queueTurn(new TurnRequest("narrower"));
    run.beginTurn();
    assertThat(run.compaction().refusal("full")).as("a new turn resets the breaker").isEmpty();
  }

  @Test
  void aModelCallThatFitsResetsTheBreaker() {
    TaskRun run = opened();
    run.recordCompaction(new CompactResult(new ContextRef(1, 0, 0), 900, false));
    run.recordCompaction(new CompactResult(new ContextRef(2, 0, 0), 900, false));
    run.recordSample(sample(1, 999));
    assertThat(run.compaction().withoutRoom()).isZero();
  }

  @Test
  void outcomesSetTheStatusAndError() {
    TaskRun run = opened();
    run.queueTurn(new TurnRequest("one"));
    run.beginTurn();
    assertThat(run.interrupt("  ")).isTrue();
    assertThat(run.interruptReason()).isEqualTo("no reason given");
    run.endTurn(TurnOutcome.interrupted(run.interruptReason()));
    assertThat(run.progress().status()).isEqualTo(TaskStatus.idle);
    assertThat(run.progress().error()).isEqualTo("interrupted: no reason given");
    assertThat(run.interruptReason()).isNull();
    assertThat(run.interrupt("late")).as("an idle task has nothing to interrupt").isFalse();

    run.queueTurn(new TurnRequest("two"));
    run.beginTurn();
    assertThat(run.progress().error()).as("a new turn clears the last error").isNull();
    run.endTurn(TurnOutcome.needsAttention("compaction failed 3 times"));
    assertThat(run.progress().status()).isEqualTo(TaskStatus.needs_attention);
    assertThat(run.progress().error()).isEqualTo("compaction failed 3 times");

    run.endTurn(TurnOutcome.compacted());
    assertThat(run.progress().status()).as("a turn going on in the next run changes nothing")
        .isEqualTo(TaskStatus.needs_attention);
  }

  @Test
  void aFollowUpMayChangeTheModel_andABlankModelKeepsIt() {
    TaskRun run = opened();
    run.queueTurn(new TurnRequest("one", "gpt-big"));
    run.queueTurn(new TurnRequest("two", " "));
    run.beginTurn();
    run.endTurn(TurnOutcome.answered());
    run.beginTurn();
    assertThat(run.progress().model()).isEqualTo("gpt-big");
  }

  @Test
  void aRestoredTaskContinuesItsCounters() {
    TaskRun run = opened();
    run.restored(new Restored(new ContextRef(3, 40, 40), 5, 17, 2_000, "/work/ws"), false);
    run.queueTurn(new TurnRequest("again"));
    run.beginTurn();
    assertThat(run.appendRequest(AppendMessage.Role.user, "again").seq()).isEqualTo(40);
    assertThat(run.progress().turn()).isEqualTo(6);
    assertThat(run.beginStep().step()).isEqualTo(18);
  }

  @Test
  void aTurnThatNeedsAttentionStillDoesAfterContinueAsNew() {
    TaskRun run = opened();
    run.queueTurn(new TurnRequest("go"));
    run.beginTurn();
    run.endTurn(TurnOutcome.needsAttention("the work no longer fits"));

    TaskRun next = new TaskRun("task-1");
    boolean midTurn = next.resume(CarriedState.roundTrip(run.carried(false)));

    assertThat(midTurn).isFalse();
    assertThat(next.progress()).isEqualTo(run.progress());
    assertThat(next.progress().status()).isEqualTo(TaskStatus.needs_attention);
    assertThat(next.progress().error()).isEqualTo("the work no longer fits");
  }

  @Test
  void stateCarriedMidTurnResumesRunning() {
    TaskRun run = opened();
    run.queueTurn(new TurnRequest("go"));
    run.beginTurn();
    TaskRun next = new TaskRun("task-1");
    assertThat(next.resume(CarriedState.roundTrip(run.carried(true)))).isTrue();
    assertThat(next.progress().status()).isEqualTo(TaskStatus.running);
  }

  @Test
  void everyFieldSurvivesContinueAsNew() {
    TaskState full = CarriedState.withEveryFieldSet();
    TaskRun next = new TaskRun("task-1");
    next.resume(CarriedState.roundTrip(full));
    assertThat(next.carried(full.midTurn())).isEqualTo(full);
  }

  @Test
  void turnsQueuedBeforeTheRunResumedComeAfterTheCarriedOnes() {
    TaskState carried = CarriedState.withEveryFieldSet();
    TaskRun next = new TaskRun("task-1");
    next.queueTurn(new TurnRequest("arrived early"));
    next.resume(carried);
    assertThat(next.carried(false).queuedTurns())
        .containsExactly(carried.queuedTurns().get(0), new TurnRequest("arrived early"));
  }

  @Test
  void aTurnAskingForAnotherProvider_compactsFirst_thenContinuesWithItsDefaultModel() {
    TaskRun run = new TaskRun("task-1");
    run.open("/work/ws", new TaskOpened("gpt-test", true, 1_000, null, null, null, null, "openai-responses"),
        TaskPolicy.defaults(), 0);
    run.queueTurn(new TurnRequest("go on locally", null, null, "openai-chat"));

    assertThat(run.nextTurnSwitchesProvider()).isTrue();
    run.beginTurn(true);
    CompactRequest compact = run.compactRequest();
    run.recordCompaction(new CompactResult(new ContextRef(1, 5, 5), 300, true, "qwen3-coder"));
    SampleRequest next = run.beginStep();

    assertThat(compact.provider()).isEqualTo("openai-responses");
    assertThat(compact.switchTo()).isEqualTo("openai-chat");
    assertThat(compact.model()).isEqualTo("gpt-test");
    assertThat(run.providerSwitchDue()).isFalse();
    assertThat(next.provider()).isEqualTo("openai-chat");
    assertThat(next.model()).isEqualTo("qwen3-coder");
  }

  @Test
  void aTurnNamingTheCurrentProvider_isAPlainTurn() {
    TaskRun run = opened(); // a task from before providers: OpenAI Responses
    run.queueTurn(new TurnRequest("more", "gpt-big", null, "openai-responses"));

    assertThat(run.nextTurnSwitchesProvider()).isFalse();
    run.beginTurn(true);

    assertThat(run.providerSwitchDue()).isFalse();
    assertThat(run.beginStep().model()).isEqualTo("gpt-big");
  }

  @Test
  void aSwitchTheWorkerCannotMake_isDropped_andTheTaskKeepsItsProvider() {
    TaskRun run = opened();
    run.queueTurn(new TurnRequest("try claude", "claude-x", null, "anthropic"));
    run.beginTurn(true);

    run.dropProviderSwitch();

    assertThat(run.providerSwitchDue()).isFalse();
    assertThat(run.beginStep()).extracting(SampleRequest::provider, SampleRequest::model)
        .containsExactly(null, "gpt-test");
  }

  @Test
  void aContextRestoredFromAnotherProvidersItems_continuesWithThatProvider_andItsDefaultModel() {
    TaskRun run = opened(); // the worker's default: OpenAI Responses, gpt-test
    run.restored(new Restored(new ContextRef(1, 9, 9), 2, 6, 800, "/work/ws", "openai-chat", "qwen3-coder"), false);
    run.queueTurn(new TurnRequest("go on"));
    run.beginTurn();

    assertThat(run.beginStep()).extracting(SampleRequest::provider, SampleRequest::model)
        .containsExactly("openai-chat", "qwen3-coder");
  }
}
