package dev.longhaul.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.contract.ApprovalPolicy;
import dev.longhaul.contract.CommandInfo;
import dev.longhaul.contract.ContextRef;
import dev.longhaul.contract.PlanStep;
import dev.longhaul.contract.PromptShape;
import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.contract.ToolCallRef;
import dev.longhaul.contract.Usage;
import io.temporal.common.converter.DefaultDataConverter;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Map;
import java.util.List;

/** Carried state as continue-as-new sees it: through Temporal's own data converter. */
final class CarriedState {
  private CarriedState() {}

  /** {@code state} encoded and decoded as the next run's input would be. */
  static TaskState roundTrip(TaskState state) {
    var converter = DefaultDataConverter.newDefaultInstance();
    var payload = converter.toPayload(state).orElseThrow();
    return converter.fromPayload(payload, TaskState.class, TaskState.class);
  }

  /**
   * A state with no field at its default value (status as carried between turns), so that a
   * field the mapping forgets shows up as a difference. Fails when a field is added to {@link
   * TaskState} and not set here.
   */
  static TaskState withEveryFieldSet() {
    TaskState state = new TaskState(
        "/work/ws", "gpt-test", true, 12_000, 4, 31, false, new ContextRef(2, 120, 131),
        new Usage(5_000, 4_000, 700, 90), 9_500, 2, new PromptShape("gpt-test", "f1", "shell"), 3,
        42_000, true, "last words", "shell: ls", List.of(new PlanStep("read", PlanStep.Status.in_progress)),
        List.of(new TurnRequest("next", "gpt-big", new Budget(2.5, null, null))), true, "stop now",
        TaskStatus.needs_attention, "the work no longer fits",
        new SandboxPolicy(SandboxMode.WORKSPACE_WRITE, true, List.of("/cache")), ApprovalPolicy.UNTRUSTED,
        new Budget(5.0, 1_000_000L, Duration.ofHours(8)), true, 1_700_000_000_000L,
        new Approvals.Carried(
            List.of(new PendingApproval("131", "shell", "make deploy", ".", "untrusted", false, 1_700_000_100_000L)),
            Map.of("131", ApprovalAnswer.approve("131", true)), List.of("120"),
            List.of("sandboxed:.:make test")),
        new BatchState(List.of(new ToolCallRef(130, "shell", false, "shell: make deploy",
            new CommandInfo("make deploy", ".", false, null))), 131, 0, true),
        new Placement("host-a", Duration.ofMinutes(2), 3, 2, "snapshots stopped: too big",
            List.of("call 120: shell: make"), 1, "host-b", "move to host-c failed"),
        "openai-chat", new ProviderSwitch("anthropic", "claude-test"));
    for (RecordComponent c : TaskState.class.getRecordComponents()) {
      if (c.getName().equals("midTurn")) continue; // false is the between-turns case tested here
      Object value;
      try {
        value = c.getAccessor().invoke(state);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
      assertThat(value).as(c.getName()).isNotNull().isNotIn(0, 0L, false, "");
    }
    return state;
  }
}
