package dev.longhaul.activities;

import static dev.longhaul.testing.ModelScript.garbage;
import static dev.longhaul.testing.ModelScript.reasoning;
import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.status;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.tooManyRequests;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.contract.AbortTool;
import dev.longhaul.contract.AppendMessage;
import dev.longhaul.contract.ContextRef;
import dev.longhaul.contract.FailureType;
import dev.longhaul.contract.ModelActivities;
import dev.longhaul.contract.SampleRequest;
import dev.longhaul.contract.SampleResult;
import dev.longhaul.contract.TaskActivities;
import dev.longhaul.contract.ToolActivities;
import dev.longhaul.contract.ToolRequest;
import dev.longhaul.contract.ToolResult;
import dev.longhaul.model.ModelConfig;
import dev.longhaul.model.ModelException;
import dev.longhaul.model.ResponsesClient;
import dev.longhaul.store.ItemKind;
import dev.longhaul.prompt.ItemTokens;
import dev.longhaul.prompt.TokenCounter;
import dev.longhaul.store.Item;
import dev.longhaul.store.Store;
import dev.longhaul.testing.FakeModelServer;
import dev.longhaul.testing.TestDatabase;
import dev.longhaul.tools.ToolRegistry;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real model, tool and task activities on Temporal's activity test environment, with a real
 * PostgreSQL and the fake model server: what a retried attempt leaves behind in the store.
 */
class ModelActivitiesRetryTest {
  static final ActivityOptions ONE_ATTEMPT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build();

  private final FakeModelServer fake = FakeModelServer.start();
  private final Store store = TestDatabase.store();
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  private final String taskId = "task-" + UUID.randomUUID();
  private final ModelActivities model;
  private final ToolActivities tools;
  private final TaskActivities tasks;

  @TempDir Path workspace;

  ModelActivitiesRetryTest() {
    ModelConfig config =
        new ModelConfig(fake.baseUrl(), "sk-test", "test-model", Duration.ofSeconds(5));
    ItemTokens itemTokens = new ItemTokens(new TokenCounter());
    env.registerActivitiesImplementations(
        new ModelActivitiesImpl(store, new ContextCache(store, 16), new ResponsesClient(config), ToolRegistry.standard(), itemTokens, dev.longhaul.model.Pricing.fromEnvironment(java.util.Map.of())),
        new ToolActivitiesImpl(store, ToolRegistry.standard(), new TokenCounter(), 2_000, new Redactor(java.util.List.of()), Confinement.defaults()),
        new TaskActivitiesImpl(store, itemTokens, "test-model", false, ContextLimits.of(272_000), Confinement.defaults()));
    model = env.newActivityStub(ModelActivities.class, ONE_ATTEMPT);
    tools = env.newActivityStub(ToolActivities.class, ONE_ATTEMPT);
    tasks = env.newActivityStub(TaskActivities.class, ONE_ATTEMPT);
  }

  @AfterEach
  void close() {
    env.close();
    fake.close();
  }

  private void userSays(String text) {
    tasks.appendMessage(new AppendMessage(taskId, 1, 0, AppendMessage.Role.user, text));
  }

  private SampleRequest firstSample() {
    return new SampleRequest(taskId, 1, 1, ContextRef.fromStart(1), 1, null, null);
  }

  private List<Item> transcript() {
    return store.items().items(taskId, 0, Long.MAX_VALUE);
  }

  private long storeCall(long seq, String call) {
    store.items().upsert(taskId, new Item(seq, 1, ItemKind.FUNCTION_CALL, call, 10));
    return seq;
  }

  private static String callId(String call) {
    return Items.parse(call).path("call_id").asText();
  }

  // ---- sample ----

  @Test
  void aRetriedSample_leavesNoDuplicateItems() {
    userSays("List the files.");
    String first1 = reasoning("Zmlyc3Q");
    String first2 = toolCall("list_dir", "{\"path\":\".\"}");
    String first3 = text("Listing.");
    String second1 = reasoning("c2Vjb25k");
    String second2 = text("Nothing to do.");
    fake.script(reply(first1, first2, first3), reply(second1, second2));

    SampleResult firstAttempt = model.sample(firstSample());
    // The activity's result was lost, so Temporal runs the same request again.
    SampleResult retry = model.sample(firstSample());

    assertThat(firstAttempt.itemCount()).isEqualTo(3);
    assertThat(retry.itemCount()).isEqualTo(2);
    assertThat(retry.toolCalls()).isEmpty();
    assertThat(retry.preview()).isEqualTo("Nothing to do.");
    List<Item> items = transcript();
    assertThat(items).extracting(Item::seq).containsExactly(0L, 1L, 2L);
    assertThat(items.get(0).kind()).isEqualTo(ItemKind.USER_MESSAGE);
    assertThat(items.get(1).raw()).isEqualTo(second1);
    assertThat(items.get(1).kind()).isEqualTo(ItemKind.REASONING);
    assertThat(items.get(2).raw()).isEqualTo(second2);
    assertThat(items.get(2).kind()).isEqualTo(ItemKind.ASSISTANT_MESSAGE);
    // Both attempts sent the same context.
    assertThat(fake.requests()).hasSize(2);
    assertThat(fake.requests().get(1).rawBody()).isEqualTo(fake.requests().get(0).rawBody());
    assertThat(fake.requests().get(0).userMessages()).containsExactly("List the files.");
  }

  @Test
  void aSample_storesItsItemsFromTheFirstOutputSeq_andReturnsItsToolCalls() {
    userSays("Look around.");
    String call = toolCall("list_dir", "{\"path\":\"src\"}");
    fake.script(reply(reasoning("eA"), call));

    SampleResult result = model.sample(firstSample());

    assertThat(result.itemCount()).isEqualTo(2);
    assertThat(result.toolCalls()).hasSize(1);
    assertThat(result.toolCalls().get(0).seq()).isEqualTo(2);
    assertThat(result.toolCalls().get(0).name()).isEqualTo("list_dir");
    assertThat(result.toolCalls().get(0).readOnly()).isTrue();
    assertThat(result.toolCalls().get(0).summary()).isEqualTo("list_dir: src");
    assertThat(store.items().item(taskId, 2).orElseThrow().raw()).isEqualTo(call);
  }

  /**
   * A heartbeat is a round trip and a write on the server: a sample that ends well inside its
   * heartbeat timeout cannot have been given up on, and sends none.
   */
  @Test
  void aSampleAnsweredAtOnce_sendsNoHeartbeat() {
    userSays("Hello.");
    fake.script(reply(text("Hi.")));
    java.util.concurrent.atomic.AtomicInteger heartbeats = new java.util.concurrent.atomic.AtomicInteger();
    env.setActivityHeartbeatListener(Object.class, details -> heartbeats.incrementAndGet());
    ModelActivities beating = env.newActivityStub(ModelActivities.class,
        ActivityOptions.newBuilder(ONE_ATTEMPT).setHeartbeatTimeout(Duration.ofSeconds(10)).build());

    beating.sample(firstSample());

    assertThat(heartbeats).hasValue(0);
  }

  @Test
  void aRejectedRequest_failsTheActivityForGood_withTheProvidersMessage() {
    userSays("Hello.");
    fake.script(status(401, "Incorrect API key provided: sk-te***"));

    ActivityFailure failure =
        catchThrowableOfType(ActivityFailure.class, () -> model.sample(firstSample()));

    assertThat(failure.getCause()).isInstanceOf(ApplicationFailure.class);
    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(FailureType.REQUEST_REJECTED.id());
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(cause.getOriginalMessage()).contains("Incorrect API key provided: sk-te***");
    assertThat(transcript()).hasSize(1);
  }

  @Test
  void aMalformedResponse_failsTheActivity_retryablyOnTheFirstAttempt() {
    userSays("Hello.");
    fake.script(garbage("data: not json\n\n"));

    ActivityFailure failure =
        catchThrowableOfType(ActivityFailure.class, () -> model.sample(firstSample()));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(FailureType.MODEL_MALFORMED.id());
    assertThat(cause.isNonRetryable()).isFalse();
    assertThat(cause.getOriginalMessage())
        .contains("not JSON")
        .contains(" of " + FailureType.MALFORMED_ATTEMPTS + ")");
    // (The activity test environment reports attempt 0, not 1, so the number itself is checked
    // below against the classification directly.)
  }

  @Test
  void malformedResponses_stayRetryableUntilTheLastAllowedAttempt() {
    ModelException garbage =
        new ModelException(ModelException.Kind.MALFORMED, "the model server sent junk", null);

    ApplicationFailure first = ModelActivitiesImpl.failure(garbage, 1);
    ApplicationFailure beforeLast =
        ModelActivitiesImpl.failure(garbage, FailureType.MALFORMED_ATTEMPTS - 1);
    ApplicationFailure last =
        ModelActivitiesImpl.failure(garbage, FailureType.MALFORMED_ATTEMPTS);

    assertThat(first.getType()).isEqualTo(FailureType.MODEL_MALFORMED.id());
    assertThat(first.isNonRetryable()).isFalse();
    assertThat(first.getOriginalMessage())
        .isEqualTo("the model server sent junk (attempt 1 of " + FailureType.MALFORMED_ATTEMPTS + ")");
    assertThat(beforeLast.isNonRetryable()).isFalse();
    assertThat(last.isNonRetryable()).isTrue();
  }

  @Test
  void aRateLimit_failsTheActivityRetryably_withTheProvidersDelay() {
    userSays("Hello.");
    fake.script(tooManyRequests(7));

    ActivityFailure failure =
        catchThrowableOfType(ActivityFailure.class, () -> model.sample(firstSample()));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(FailureType.MODEL_UNAVAILABLE.id());
    assertThat(cause.isNonRetryable()).isFalse();
    assertThat(cause.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(7));
  }

  // ---- tools ----

  @Test
  void aRetriedToolCall_writesItsOutputOnce() throws Exception {
    Files.writeString(workspace.resolve("first.txt"), "1");
    String call = toolCall("list_dir", "{\"path\":\".\"}");
    long callSeq = storeCall(1, call);
    ToolRequest request = new ToolRequest(taskId, 1, workspace.toString(), callSeq, 2);

    ToolResult firstAttempt = tools.runTool(request);
    Files.writeString(workspace.resolve("second.txt"), "22");
    ToolResult retry = tools.runTool(request);

    assertThat(firstAttempt.failed()).isFalse();
    assertThat(retry.outputSeq()).isEqualTo(2);
    List<Item> items = transcript();
    assertThat(items).extracting(Item::seq).containsExactly(1L, 2L);
    Item output = items.get(1);
    assertThat(output.kind()).isEqualTo(ItemKind.FUNCTION_CALL_OUTPUT);
    JsonNode parsed = Items.parse(output.raw());
    assertThat(parsed.path("type").asText()).isEqualTo("function_call_output");
    assertThat(parsed.path("call_id").asText()).isEqualTo(callId(call));
    // The retry's output is the one that counts.
    assertThat(parsed.path("output").asText()).contains("first.txt").contains("second.txt");
  }

  @Test
  void abortTool_answersTheCallWithTheReason() {
    String call = toolCall("shell", "{\"command\":[\"sleep\",\"999\"]}");
    long callSeq = storeCall(4, call);

    ToolResult result =
        tools.abortTool(new AbortTool(taskId, 1, callSeq, 5, "interrupted by the user"));

    assertThat(result.failed()).isTrue();
    assertThat(result.outputSeq()).isEqualTo(5);
    Item output = store.items().item(taskId, 5).orElseThrow();
    assertThat(output.kind()).isEqualTo(ItemKind.FUNCTION_CALL_OUTPUT);
    JsonNode parsed = Items.parse(output.raw());
    assertThat(parsed.path("type").asText()).isEqualTo("function_call_output");
    assertThat(parsed.path("call_id").asText()).isEqualTo(callId(call));
    assertThat(parsed.path("output").asText()).isEqualTo("interrupted by the user");
  }

  @Test
  void anUnknownTool_isAnsweredWithAnErrorOutput_notAnException() {
    String call = toolCall("teleport", "{\"to\":\"mars\"}");
    long callSeq = storeCall(1, call);

    ToolResult result = tools.runTool(new ToolRequest(taskId, 1, workspace.toString(), callSeq, 2));

    assertThat(result.failed()).isTrue();
    JsonNode output = Items.parse(store.items().item(taskId, 2).orElseThrow().raw());
    assertThat(output.path("call_id").asText()).isEqualTo(callId(call));
    assertThat(output.path("output").asText()).contains("unknown tool \"teleport\"").contains("list_dir");
  }

  @Test
  void invalidJsonArguments_areAnsweredWithAnErrorOutput_notAnException() {
    String call = toolCall("list_dir", "{\"path\": \".\"");
    long callSeq = storeCall(1, call);

    ToolResult result = tools.runTool(new ToolRequest(taskId, 1, workspace.toString(), callSeq, 2));

    assertThat(result.failed()).isTrue();
    JsonNode output = Items.parse(store.items().item(taskId, 2).orElseThrow().raw());
    assertThat(output.path("call_id").asText()).isEqualTo(callId(call));
    assertThat(output.path("output").asText()).contains("list_dir").contains("not valid JSON");
  }

  @Test
  void aToolCallThatIsNotInTheStore_failsTheActivityForGood() {
    ActivityFailure failure =
        catchThrowableOfType(
            ActivityFailure.class,
            () -> tools.runTool(new ToolRequest(taskId, 1, workspace.toString(), 9, 10)));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(FailureType.MISSING_TOOL_CALL.id());
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(store.items().item(taskId, 10)).isEmpty();
  }
}
