package dev.longhaul.activities;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.longhaul.contract.AppendMessage;
import dev.longhaul.contract.ApprovalPolicy;
import dev.longhaul.contract.CommandInfo;
import dev.longhaul.contract.ContextRef;
import dev.longhaul.contract.FailureType;
import dev.longhaul.contract.ModelActivities;
import dev.longhaul.contract.OpenTask;
import dev.longhaul.contract.SampleRequest;
import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.contract.TaskActivities;
import dev.longhaul.contract.TaskOpened;
import dev.longhaul.contract.ToolActivities;
import dev.longhaul.contract.ToolCallRef;
import dev.longhaul.contract.ToolRequest;
import dev.longhaul.contract.ToolResult;
import dev.longhaul.model.ModelConfig;
import dev.longhaul.model.Pricing;
import dev.longhaul.model.ResponsesClient;
import dev.longhaul.prompt.ItemTokens;
import dev.longhaul.prompt.TokenCounter;
import dev.longhaul.store.Item;
import dev.longhaul.store.ItemKind;
import dev.longhaul.store.Store;
import dev.longhaul.testing.FakeModelServer;
import dev.longhaul.testing.TestDatabase;
import dev.longhaul.tools.ToolRegistry;
import dev.longhaul.tools.sandbox.Sandbox;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task, tool and model activities on a worker that confines (real bubblewrap) and on one that
 * cannot (no bubblewrap): defaults resolved, a task that needs confinement refused at once, and
 * each call's command described for the approval policy.
 */
class ConfinementActivitiesTest {
  private static final String KEY = "sk-canary-0123456789";
  private static final ActivityOptions ONE_ATTEMPT = ModelActivitiesRetryTest.ONE_ATTEMPT;

  private final FakeModelServer fake = FakeModelServer.start();
  private final Store store = TestDatabase.store();
  private final List<TestActivityEnvironment> envs = new java.util.ArrayList<>();
  private final String taskId = "task-" + UUID.randomUUID();

  @TempDir Path workspace;

  /** A worker whose environment holds the API key, as a real worker's does. */
  private static Confinement confinement(String bwrap) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("OPENAI_API_KEY", KEY);
    Sandbox sandbox = new Sandbox(bwrap, env, Path.of(System.getProperty("user.home")), null);
    return new Confinement(sandbox, SandboxPolicy.of(SandboxMode.WORKSPACE_WRITE), ApprovalPolicy.ON_REQUEST);
  }

  private static final Confinement WORKING = confinement("bwrap");
  private static final Confinement WITHOUT_BUBBLEWRAP = confinement("/no/such/bwrap");

  private TestActivityEnvironment worker(Confinement confinement) {
    ItemTokens itemTokens = new ItemTokens(new TokenCounter());
    ModelConfig config = new ModelConfig(fake.baseUrl(), "sk-test", "test-model", Duration.ofSeconds(5));
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new ModelActivitiesImpl(
            store, new ContextCache(store, 16), new ResponsesClient(config), ToolRegistry.standard(), itemTokens,
            Pricing.fromEnvironment(Map.of())),
        // No secret to mask: what stops the key here is the sandbox alone.
        new ToolActivitiesImpl(store, ToolRegistry.standard(), new TokenCounter(), 2_000, new Redactor(List.of()), confinement),
        new TaskActivitiesImpl(store, itemTokens, "test-model", false, ContextLimits.of(272_000), confinement));
    envs.add(env);
    return env;
  }

  private TaskActivities tasks(Confinement confinement) {
    return worker(confinement).newActivityStub(TaskActivities.class, ONE_ATTEMPT);
  }

  private ToolActivities tools(Confinement confinement) {
    return worker(confinement).newActivityStub(ToolActivities.class, ONE_ATTEMPT);
  }

  @AfterEach
  void close() {
    envs.forEach(TestActivityEnvironment::close);
    fake.close();
  }

  // ---- opening a task ----

  @Test
  void openTask_fillsInTheWorkersDefaults_andKeepsWhatTheTaskAskedFor() {
    TaskActivities tasks = tasks(WORKING);

    TaskOpened defaults = tasks.openTask(new OpenTask(taskId, workspace.toString(), "t", null));
    SandboxPolicy asked = new SandboxPolicy(SandboxMode.READ_ONLY, true, List.of());
    TaskOpened chosen =
        tasks.openTask(new OpenTask(taskId + "-b", workspace.toString(), "t", null, asked, ApprovalPolicy.NEVER));

    assertThat(defaults.sandbox()).isEqualTo(SandboxPolicy.of(SandboxMode.WORKSPACE_WRITE));
    assertThat(defaults.approval()).isEqualTo(ApprovalPolicy.ON_REQUEST);
    assertThat(chosen.sandbox()).isEqualTo(asked);
    assertThat(chosen.approval()).isEqualTo(ApprovalPolicy.NEVER);
  }

  @Test
  void aConfinedTask_onAWorkerWithoutBubblewrap_failsToOpenForGood_withOneLineNamingThePackage() {
    TaskActivities tasks = tasks(WITHOUT_BUBBLEWRAP);

    ApplicationFailure failure =
        applicationFailure(() -> tasks.openTask(new OpenTask(taskId, workspace.toString(), "t", null)));

    assertThat(failure.getType()).isEqualTo(FailureType.SANDBOX_UNAVAILABLE.id());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .startsWith("cannot confine this task (sandbox workspace-write): bubblewrap (bwrap) is not installed")
        .contains("install bubblewrap (apt-get install bubblewrap)")
        .doesNotContain("\n");
    assertThat(store.tasks().task(taskId)).isEmpty();
  }

  @Test
  void aDangerFullAccessTask_opensOnAWorkerWithoutBubblewrap() {
    SandboxPolicy full = SandboxPolicy.of(SandboxMode.DANGER_FULL_ACCESS);

    TaskOpened opened =
        tasks(WITHOUT_BUBBLEWRAP).openTask(new OpenTask(taskId, workspace.toString(), "t", null, full, null));

    assertThat(opened.sandbox()).isEqualTo(full);
  }

  // ---- running a call ----

  @Test
  void aConfinedShellCall_onAWorkerWithoutBubblewrap_failsForGood_neverRunningUnconfined() {
    long call = storeCall(1, "shell", "{\"command\":\"touch ran\"}");

    ApplicationFailure failure =
        applicationFailure(() -> tools(WITHOUT_BUBBLEWRAP).runTool(new ToolRequest(taskId, 1, workspace.toString(), call, 2)));

    assertThat(failure.getType()).isEqualTo(FailureType.SANDBOX_UNAVAILABLE.id());
    assertThat(failure.getOriginalMessage()).contains("install bubblewrap (apt-get install bubblewrap)");
    assertThat(workspace.resolve("ran")).doesNotExist();
    assertThat(store.items().item(taskId, 2)).isEmpty();
  }

  @Test
  void readingTools_runOnAWorkerWithoutBubblewrap() throws Exception {
    Files.writeString(workspace.resolve("a.txt"), "x");
    long call = storeCall(1, "list_dir", "{\"path\":\".\"}");

    ToolResult result = tools(WITHOUT_BUBBLEWRAP).runTool(new ToolRequest(taskId, 1, workspace.toString(), call, 2));

    assertThat(result.failed()).isFalse();
    assertThat(result.preview()).contains("a.txt");
  }

  @Test
  void aReadOnlyTask_hasApplyPatchRefused_withTheReasonAsItsOutput() {
    long call = storeCall(1, "apply_patch", JsonNodeFactory.instance.objectNode()
        .put("input", "*** Begin Patch\n*** Add File: b.txt\n+b\n*** End Patch").toString());
    ToolRequest request =
        new ToolRequest(taskId, 1, workspace.toString(), call, 2, SandboxPolicy.of(SandboxMode.READ_ONLY), false, false);

    ToolResult result = tools(WORKING).runTool(request);

    assertThat(result.failed()).isTrue();
    assertThat(result.preview()).startsWith("the sandbox is read-only: apply_patch cannot change files");
    assertThat(workspace.resolve("b.txt")).doesNotExist();
  }

  @Test
  void theRevTrick_inTheDefaultSandbox_findsNoKey_beforeAnyRedaction() {
    String command = "cat /proc/$PPID/environ | tr '\\0' '\\n' | grep -i key | rev; env | grep -ci key; echo PROBED";
    long call = storeCall(1, "shell", JsonNodeFactory.instance.objectNode().put("command", command).toString());

    tools(WORKING).runTool(new ToolRequest(taskId, 1, workspace.toString(), call, 2));

    String output = Items.parse(store.items().item(taskId, 2).orElseThrow().raw()).path("output").asText();
    assertThat(output)
        .contains("PROBED")
        .doesNotContain(KEY)
        .doesNotContain(new StringBuilder(KEY).reverse())
        .doesNotContain(Redactor.MASK);
  }

  // ---- what a call would run ----

  @Test
  void aSample_describesWhatEachMutatingCallWouldRun() {
    ModelActivities model = worker(WORKING).newActivityStub(ModelActivities.class, ONE_ATTEMPT);
    tasks(WORKING).appendMessage(new AppendMessage(taskId, 1, 0, AppendMessage.Role.user, "Go."));
    fake.script(
        reply(
            toolCall("shell", "{\"command\":\"git status\",\"workdir\":\"src\"}"),
            toolCall("shell", "{\"command\":\"curl -sO https://example.com/x\",\"sandbox_permissions\":\"require_escalated\","
                + "\"justification\":\"It needs the network.\"}"),
            toolCall("apply_patch", "{\"input\":\"*** Begin Patch\\n*** Update File: a.txt\\n@@\\n-a\\n+b\\n*** Add File: b.txt\\n+b\\n*** End Patch\"}"),
            toolCall("read_file", "{\"path\":\"a.txt\"}")));

    List<ToolCallRef> calls =
        model.sample(new SampleRequest(taskId, 1, 1, ContextRef.fromStart(1), 1, null, null)).toolCalls();

    assertThat(calls).extracting(ToolCallRef::command).containsExactly(
        new CommandInfo("git status", "src", true, null),
        new CommandInfo("curl -sO https://example.com/x", ".", false, "It needs the network."),
        new CommandInfo("apply_patch: update a.txt, add b.txt", ".", false, null),
        null);
  }

  private long storeCall(long seq, String tool, String arguments) {
    store.items().upsert(taskId, new Item(seq, 1, ItemKind.FUNCTION_CALL, toolCall(tool, arguments), 10));
    return seq;
  }

  private static ApplicationFailure applicationFailure(Runnable call) {
    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, call::run);
    assertThat(failure).as("the activity failed").isNotNull();
    assertThat(failure.getCause()).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) failure.getCause();
  }
}
