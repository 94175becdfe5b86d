package dev.longhaul.model.anthropic;

import static dev.longhaul.testing.AnthropicScript.error;
import static dev.longhaul.testing.AnthropicScript.overloaded;
import static dev.longhaul.testing.AnthropicScript.promptTooLong;
import static dev.longhaul.testing.AnthropicScript.rateLimited;
import static dev.longhaul.testing.AnthropicScript.redactedThinking;
import static dev.longhaul.testing.AnthropicScript.reply;
import static dev.longhaul.testing.AnthropicScript.streamError;
import static dev.longhaul.testing.AnthropicScript.text;
import static dev.longhaul.testing.AnthropicScript.thinking;
import static dev.longhaul.testing.AnthropicScript.toolUse;
import static dev.longhaul.testing.AnthropicScript.toolUseWithRawInput;
import static dev.longhaul.testing.ModelScript.cutOff;
import static dev.longhaul.testing.ModelScript.events;
import static dev.longhaul.testing.ModelScript.garbage;
import static dev.longhaul.testing.ModelScript.hang;
import static dev.longhaul.testing.ModelScript.trickle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.contract.Usage;
import dev.longhaul.model.CallHooks;
import dev.longhaul.model.ItemFormat;
import dev.longhaul.model.ModelConfig;
import dev.longhaul.model.ModelException;
import dev.longhaul.model.ModelException.Kind;
import dev.longhaul.model.ModelRequest;
import dev.longhaul.model.ModelResponse;
import dev.longhaul.testing.FakeAnthropicServer;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.testing.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnthropicProviderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ItemFormat FORMAT = AnthropicFormat.INSTANCE;

  private final FakeAnthropicServer fake = FakeAnthropicServer.start();

  @AfterEach
  void stopFake() {
    fake.close();
  }

  /** An idle timeout short enough for the hang test, long enough for a loaded machine. */
  private AnthropicProvider provider(String key) {
    return new AnthropicProvider(new ModelConfig(fake.baseUrl(), key, "claude-test", Duration.ofSeconds(4)));
  }

  private AnthropicProvider provider() {
    return provider("sk-ant-test");
  }

  private static ModelRequest request(String... input) {
    return new ModelRequest("claude-test", "Be brief.", List.of(input), List.of(), "task-1");
  }

  private ModelResponse create(Reply reply) throws ModelException {
    fake.script(reply);
    return provider().create(request(FORMAT.userMessage("hi")), CallHooks.none());
  }

  private ModelException failure(Reply reply) {
    fake.script(reply);
    return catchThrowableOfType(
        ModelException.class, () -> provider().create(request(FORMAT.userMessage("hi")), CallHooks.none()));
  }

  // ---- a successful stream ----

  @Test
  void aStreamedReply_isAssembledIntoItsBlocks_inOrder() throws Exception {
    ModelResponse response =
        create(reply(thinking("Let me look at the tree.", "c2lnbmF0dXJl=="), text("Looking."),
            toolUse("list_dir", "{\"path\":\".\"}")));

    assertThat(response.items()).hasSize(3);
    JsonNode thought = JSON.readTree(response.items().get(0));
    assertThat(thought.path("type").asText()).isEqualTo("thinking");
    assertThat(thought.path("thinking").asText()).isEqualTo("Let me look at the tree.");
    assertThat(thought.path("signature").asText()).isEqualTo("c2lnbmF0dXJl==");
    assertThat(JSON.readTree(response.items().get(1))).isEqualTo(JSON.readTree(text("Looking.")));
    assertThat(FORMAT.toolCall(JSON.readTree(response.items().get(2))).orElseThrow().arguments())
        .isEqualTo("{\"path\":\".\"}");
    assertThat(response.incompleteReason()).isNull();
  }

  @Test
  void aBlockThatArrivesWhole_isKeptByteForByte() throws Exception {
    String redacted = redactedThinking("EmwKAhgBEgy3va3pzix/LafPsn4a\\u002b==");

    ModelResponse response = create(reply(redacted, text("ok")));

    assertThat(response.items().get(0)).isEqualTo(redacted);
  }

  @Test
  void thinkingAndItsSignature_areReSentUnchanged_inTheNextRequestOfTheToolChain() throws Exception {
    fake.script(reply(thinking("Need the file list.", "EqQBCgIYAhIM1gbcDa9GJwZA2b3h"), toolUse("list_dir", "{}")),
        reply(text("Done.")));
    AnthropicProvider provider = provider();
    String user = FORMAT.userMessage("list it");

    ModelResponse first = provider.create(request(user), CallHooks.none());
    String call = first.items().get(1);
    String output = FORMAT.toolOutput(JSON.readTree(call).path("id").asText(), "a.txt");
    List<String> next = new ArrayList<>(List.of(user));
    next.addAll(first.items());
    next.add(output);
    provider.create(request(next.toArray(String[]::new)), CallHooks.none());

    String sent = fake.requests().get(1).rawBody();
    assertThat(sent).contains(first.items().get(0));
    JsonNode assistant = fake.requests().get(1).body().path("messages").get(1);
    assertThat(assistant.path("role").asText()).isEqualTo("assistant");
    assertThat(assistant.path("content").get(0).path("signature").asText()).isEqualTo("EqQBCgIYAhIM1gbcDa9GJwZA2b3h");
  }

  @Test
  void usage_addsCacheReadsAndWritesToTheInput_andKeepsThemApart() throws Exception {
    ModelResponse response =
        create(events(
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"content\":[],\"usage\":{\"input_tokens\":50,\"cache_creation_input_tokens\":200,"
                + "\"cache_read_input_tokens\":4000,\"output_tokens\":1}}}",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi.\"}}",
            "{\"type\":\"content_block_stop\",\"index\":0}",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":321}}",
            "{\"type\":\"message_stop\"}"));

    assertThat(response.usage()).isEqualTo(new Usage(4250, 4000, 321, 0, 200));
  }

  @Test
  void stopReasonMaxTokens_returnsTheBlocksSoFarAsIncomplete() throws Exception {
    ModelResponse response =
        create(events(
            "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":5}}}",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Partial answ\"}}",
            "{\"type\":\"content_block_stop\",\"index\":0}",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},\"usage\":{\"output_tokens\":32000}}",
            "{\"type\":\"message_stop\"}"));

    assertThat(response.items()).containsExactly(text("Partial answ"));
    assertThat(response.incompleteReason()).isEqualTo("max_tokens");
    assertThat(response.usage().output()).isEqualTo(32000);
  }

  // ---- the request ----

  @Test
  void theRequest_carriesTheVersionTheKeyAndStreaming_toV1Messages() throws Exception {
    create(reply(text("ok")));

    RecordedRequest sent = fake.requests().get(0);
    assertThat(sent.path()).isEqualTo("/v1/messages");
    assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-test");
    assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(sent.header("Authorization")).isNull();
    assertThat(sent.body().path("stream").asBoolean()).isTrue();
    assertThat(sent.body().path("max_tokens").asInt()).isEqualTo(AnthropicOptions.DEFAULT_MAX_TOKENS);
    assertThat(sent.body().path("model").asText()).isEqualTo("claude-test");
    assertThat(sent.body().has("thinking")).isFalse();
  }

  @Test
  void aBaseUrlEndingInV1_stillReachesMessagesOnce() {
    assertThat(AnthropicProvider.messagesUrl("https://api.anthropic.com")).isEqualTo("https://api.anthropic.com/v1/messages");
    assertThat(AnthropicProvider.messagesUrl("https://proxy.example/v1/")).isEqualTo("https://proxy.example/v1/messages");
  }

  @Test
  void aThinkingBudget_isSentAsEnabledWithTheBudget() throws Exception {
    fake.script(reply(text("ok")));
    AnthropicProvider provider =
        new AnthropicProvider(new ModelConfig(fake.baseUrl(), "k", "m", Duration.ofSeconds(4)),
            new AnthropicOptions(16_000, "8000"));

    provider.create(request(FORMAT.userMessage("hi")), CallHooks.none());

    JsonNode body = fake.requests().get(0).body();
    assertThat(body.path("thinking").toString()).isEqualTo("{\"type\":\"enabled\",\"budget_tokens\":8000}");
    assertThat(body.path("max_tokens").asInt()).isEqualTo(16_000);
  }

  // ---- HTTP errors ----

  @Test
  void status429_isTransientWithTheRetryAfterSeconds() {
    ModelException e = failure(rateLimited(7));

    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(e.getMessage()).contains("429").contains("rate_limit_error");
  }

  @Test
  void status529Overloaded_isTransient_honouringRetryAfter() {
    ModelException plain = failure(overloaded());
    ModelException withWait =
        failure(error(529, "overloaded_error", "Overloaded", java.util.Map.of("retry-after", "3")));

    assertThat(plain.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(plain.getMessage()).contains("529").contains("overloaded_error: Overloaded");
    assertThat(withWait.retryAfter()).isEqualTo(Duration.ofSeconds(3));
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503})
  void serverErrors_areTransient(int code) {
    ModelException e = failure(error(code, "api_error", "Internal server error"));

    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(e.getMessage()).contains(String.valueOf(code)).contains("Internal server error");
  }

  @Test
  void status401_failsFastWithAnthropicsMessage() {
    fake.requireKey("sk-ant-right");

    ModelException e =
        catchThrowableOfType(ModelException.class,
            () -> provider("sk-ant-wrong").create(request(FORMAT.userMessage("hi")), CallHooks.none()));

    assertThat(e.kind()).isEqualTo(Kind.REJECTED);
    assertThat(e.getMessage()).isEqualTo("HTTP 401: authentication_error: invalid x-api-key");
    assertThat(e.retryAfter()).isNull();
  }

  @Test
  void status403_isRejected() {
    ModelException e = failure(error(403, "permission_error", "Your API key does not have permission"));

    assertThat(e.kind()).isEqualTo(Kind.REJECTED);
    assertThat(e.getMessage()).contains("does not have permission");
  }

  @Test
  void aModelAnthropicRejects_isRejectedWithItsMessage() {
    ModelException e = failure(error(404, "not_found_error", "model: claude-nonesuch"));

    assertThat(e.kind()).isEqualTo(Kind.REJECTED);
    assertThat(e.getMessage()).contains("model: claude-nonesuch");
  }

  @Test
  void anInvalidRequest_isRejectedWithAnthropicsMessage() {
    ModelException e = failure(error(400, "invalid_request_error", "messages.0.content: Field required"));

    assertThat(e.kind()).isEqualTo(Kind.REJECTED);
    assertThat(e.getMessage()).contains("messages.0.content: Field required");
  }

  @Test
  void promptTooLong_isContextWindowExceeded() {
    ModelException e = failure(promptTooLong());

    assertThat(e.kind()).isEqualTo(Kind.CONTEXT_WINDOW_EXCEEDED);
    assertThat(e.getMessage()).contains("prompt is too long");
  }

  @Test
  void anErrorBodyThatIsNotJson_isQuotedInTheMessage() {
    ModelException e = failure(new Reply.Status(502, "<html>Bad Gateway from the proxy</html>", java.util.Map.of()));

    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(e.getMessage()).contains("Bad Gateway from the proxy");
  }

  // ---- broken streams ----

  @Test
  void anOverloadedErrorEventMidStream_isTransient() {
    ModelException e = failure(streamError("overloaded_error", "Overloaded"));

    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(e.getMessage()).contains("overloaded_error");
  }

  @Test
  void anInvalidRequestErrorEvent_isRejected() {
    ModelException e = failure(streamError("invalid_request_error", "bad thing"));

    assertThat(e.kind()).isEqualTo(Kind.REJECTED);
  }

  @Test
  void aStreamCutOffBeforeMessageStop_isTransient() {
    ModelException e = failure(cutOff(text("half of it")));

    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(e.getMessage()).contains("before message_stop");
  }

  @Test
  void aStreamThatGoesSilentPastTheIdleTimeout_isTransientAndSaysIdle() {
    ModelException e = failure(hang(Duration.ofSeconds(10)));

    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(e.getMessage()).contains("idle");
  }

  @Test
  void pingsKeepASlowStreamAlive_untilItBreaksOff() {
    ModelException e = failure(trickle(Duration.ofMillis(300), Duration.ofMillis(1500)));

    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(e.getMessage()).contains("before message_stop");
  }

  @Test
  void anEventThatIsNotJson_isMalformed() {
    ModelException e = failure(garbage("data: not json\n\n"));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
    assertThat(e.getMessage()).contains("not json");
  }

  @Test
  void toolInputThatIsNotJson_isMalformed() {
    ModelException e = failure(reply(toolUseWithRawInput("shell", "{\"command\": ")));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
    assertThat(e.getMessage()).contains("tool input");
  }

  @Test
  void aDeltaForABlockThatNeverStarted_isMalformed() {
    ModelException e =
        failure(events("{\"type\":\"content_block_delta\",\"index\":3,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}"));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
  }

  // ---- the event callback ----

  @Test
  void theEventCallback_isCalledForEveryEvent() throws Exception {
    fake.script(reply(text("ab")));
    AtomicInteger calls = new AtomicInteger();

    provider().create(request(FORMAT.userMessage("hi")), CallHooks.onEvent(calls::incrementAndGet));

    // message_start, ping, block start, two deltas, block stop, message_delta, message_stop
    assertThat(calls.get()).isEqualTo(8);
  }

  @Test
  void theEventCallbackThrowing_abortsTheCallWithItsException() {
    fake.script(reply(text("a"), text("b")));
    RuntimeException cancelled = new IllegalStateException("activity cancelled");
    List<Integer> seen = new ArrayList<>();

    assertThatThrownBy(
            () -> provider().create(request(FORMAT.userMessage("hi")), CallHooks.onEvent(() -> {
              seen.add(seen.size());
              if (seen.size() == 2) throw cancelled;
            })))
        .isSameAs(cancelled);
    assertThat(seen).hasSize(2);
  }
}
