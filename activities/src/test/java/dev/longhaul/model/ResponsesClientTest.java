package dev.longhaul.model;

import static dev.longhaul.testing.ModelScript.cutOff;
import static dev.longhaul.testing.ModelScript.events;
import static dev.longhaul.testing.ModelScript.failed;
import static dev.longhaul.testing.ModelScript.garbage;
import static dev.longhaul.testing.ModelScript.hang;
import static dev.longhaul.testing.ModelScript.reasoning;
import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.status;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.tooManyRequests;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.contract.Usage;
import dev.longhaul.testing.FakeModelServer;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.testing.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponsesClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeModelServer fake = FakeModelServer.start();

  @AfterEach
  void stopFake() {
    fake.close();
  }

  private ResponsesClient client() {
    return client("sk-test-key");
  }

  /** An idle timeout short enough for the hang test, long enough for a loaded machine's answers. */
  private ResponsesClient client(String apiKey) {
    return new ResponsesClient(
        new ModelConfig(fake.baseUrl(), apiKey, "test-model", Duration.ofSeconds(4)));
  }

  private static ModelRequest request(String... input) {
    return new ModelRequest(
        "test-model", "Be brief.", List.of(input), List.of(), "task-1");
  }

  private static String userMessage(String text) {
    return "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":"
        + dev.longhaul.testing.ModelScript.quote(text) + "}]}";
  }

  private ModelResponse create(Reply reply) throws ModelException {
    fake.script(reply);
    return client().create(request(userMessage("hi")), CallHooks.none());
  }

  private ModelException failure(Reply reply) {
    fake.script(reply);
    return catchThrowableOfType(
        ModelException.class, () -> client().create(request(userMessage("hi")), CallHooks.none()));
  }

  // ---- a successful stream ----

  @Test
  void aStreamedReply_returnsItsItemsInOrder_withTheReasoningItemByteForByte() throws Exception {
    String thought = reasoning("c2VjcmV0");
    String call = toolCall("list_dir", "{\"path\":\".\"}");
    String message = text("Looking.");
    fake.script(reply(thought, call, message));

    ModelResponse response = client().create(request(userMessage("hi")), CallHooks.none());

    assertThat(response.items()).containsExactly(thought, call, message);
    // The reasoning item's odd spacing and escapes survive: it must be re-sent exactly as received.
    assertThat(response.items().get(0)).isEqualTo(thought);
    assertThat(response.items().get(0)).contains("\\u2014").contains("\\/==\" }");
    assertThat(response.incompleteReason()).isNull();
  }

  @Test
  void usage_isParsedWithCachedAndReasoningTokens() throws Exception {
    ModelResponse response =
        create(
            events(
                "{\"type\":\"response.created\",\"response\":{\"status\":\"in_progress\"}}",
                "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":"
                    + text("Hi.") + "}",
                "{\"type\":\"response.completed\",\"response\":{\"status\":\"completed\","
                    + "\"usage\":{\"input_tokens\":1234,\"input_tokens_details\":{\"cached_tokens\":1024},"
                    + "\"output_tokens\":321,\"output_tokens_details\":{\"reasoning_tokens\":256},"
                    + "\"total_tokens\":1555}}}"));

    assertThat(response.usage()).isEqualTo(new Usage(1234, 1024, 321, 256));
  }

  @Test
  void itemsSentOnlyInTheFinalResponse_areTakenFromIt_unchanged() throws Exception {
    String thought = reasoning("b25seSBmaW5hbA");
    String message = text("Only at the end.");
    ModelResponse response =
        create(
            events(
                "{\"type\":\"response.completed\",\"response\":{\"status\":\"completed\",\"output\":[ "
                    + thought + " ,  " + message + "],\"usage\":{\"input_tokens\":5,\"output_tokens\":2}}}"));

    assertThat(response.items()).containsExactly(thought, message);
  }

  @Test
  void itemsArrivingOutOfOrder_areReturnedByOutputIndex() throws Exception {
    String first = text("first");
    String second = text("second");
    ModelResponse response =
        create(
            events(
                "{\"type\":\"response.output_item.done\",\"output_index\":1,\"item\":" + second + "}",
                "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":" + first + "}",
                "{\"type\":\"response.completed\",\"response\":{\"usage\":{}}}"));

    assertThat(response.items()).containsExactly(first, second);
  }

  @Test
  void responseIncomplete_returnsTheItemsSoFarWithTheReason() throws Exception {
    String message = text("Partial answ");
    ModelResponse response =
        create(
            events(
                "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":" + message + "}",
                "{\"type\":\"response.incomplete\",\"response\":{\"status\":\"incomplete\","
                    + "\"incomplete_details\":{\"reason\":\"max_output_tokens\"},"
                    + "\"usage\":{\"input_tokens\":10,\"output_tokens\":4000}}}"));

    assertThat(response.items()).containsExactly(message);
    assertThat(response.incompleteReason()).isEqualTo("max_output_tokens");
    assertThat(response.usage().output()).isEqualTo(4000);
  }

  // ---- the request ----

  @Test
  void theRequestBody_carriesTheSettingsTheToolsInOrderAndTheInputItemsRaw() throws Exception {
    JsonNode zeta = JSON.readTree("{\"type\":\"function\",\"name\":\"zeta\",\"parameters\":{}}");
    JsonNode alpha = JSON.readTree("{\"type\":\"function\",\"name\":\"alpha\",\"parameters\":{}}");
    String user = "{ \"type\" : \"message\", \"role\":\"user\",\n \"content\":[{\"type\":\"input_text\","
        + "\"text\":\"caf\\u00e9 \\/ \\\"quoted\\\"\"}] }";
    String thought = reasoning("cmF3");
    String call = toolCall("shell", "{\"command\":[\"ls\"]}");
    String output = "{\"type\":\"function_call_output\",\"call_id\":\"call_x\",\"output\":\"a\\tb\"}";
    fake.script(reply(text("ok")));

    client()
        .create(
            new ModelRequest(
                "gpt-test", "You are careful.", List.of(user, thought, call, output),
                List.of(zeta, alpha), "task-42"),
            CallHooks.none());

    RecordedRequest sent = fake.requests().get(0);
    JsonNode body = sent.body();
    assertThat(sent.path()).isEqualTo("/v1/responses");
    assertThat(body.path("model").asText()).isEqualTo("gpt-test");
    assertThat(body.path("instructions").asText()).isEqualTo("You are careful.");
    assertThat(body.path("tools").findValuesAsText("name")).containsExactly("zeta", "alpha");
    assertThat(body.path("store").isBoolean()).isTrue();
    assertThat(body.path("store").asBoolean()).isFalse();
    assertThat(body.path("stream").asBoolean()).isTrue();
    assertThat(body.path("parallel_tool_calls").asBoolean()).isTrue();
    assertThat(body.path("include")).containsExactly(JSON.getNodeFactory().textNode("reasoning.encrypted_content"));
    assertThat(body.path("prompt_cache_key").asText()).isEqualTo("task-42");
    assertThat(body.path("input")).hasSize(4);
    for (String item : List.of(user, thought, call, output)) {
      assertThat(sent.rawBody()).contains(item);
    }
    // And in the given order.
    assertThat(sent.rawBody().indexOf(user)).isLessThan(sent.rawBody().indexOf(thought));
    assertThat(sent.rawBody().indexOf(thought)).isLessThan(sent.rawBody().indexOf(call));
    assertThat(sent.rawBody().indexOf(call)).isLessThan(sent.rawBody().indexOf(output));
  }

  @Test
  void theApiKey_isSentAsABearerToken() throws Exception {
    fake.script(reply(text("ok")));

    client("sk-secret-123").create(request(userMessage("hi")), CallHooks.none());

    assertThat(fake.requests().get(0).header("Authorization")).isEqualTo("Bearer sk-secret-123");
  }

  @Test
  void withoutAnApiKey_noAuthorizationHeaderIsSent() throws Exception {
    fake.script(reply(text("ok")));

    client(null).create(request(userMessage("hi")), CallHooks.none());

    assertThat(fake.requests().get(0).header("Authorization")).isNull();
  }

  @Test
  void aBaseUrlWithATrailingSlash_stillReachesTheResponsesEndpoint() throws Exception {
    fake.script(reply(text("ok")));
    ResponsesClient client =
        new ResponsesClient(
            new ModelConfig(fake.baseUrl() + "/", null, "test-model", Duration.ofSeconds(1)));

    ModelResponse response = client.create(request(userMessage("hi")), CallHooks.none());

    assertThat(response.items()).hasSize(1);
    assertThat(fake.requests().get(0).path()).isEqualTo("/v1/responses");
  }

  // ---- HTTP errors ----

  @Test
  void status429_isTransientWithTheRetryAfterSeconds() {
    ModelException e = failure(tooManyRequests(7));

    assertThat(e.kind()).isEqualTo(ModelException.Kind.TRANSIENT);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(e.getMessage()).contains("429").contains("Rate limit reached");
  }

  @Test
  void status429_withRetryAfterMs_usesTheMilliseconds() {
    ModelException e =
        failure(
            new Reply.Status(
                429, "{\"error\":{\"message\":\"slow down\"}}",
                Map.of("retry-after-ms", "1500", "Retry-After", "2")));

    assertThat(e.kind()).isEqualTo(ModelException.Kind.TRANSIENT);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void status429_withoutRetryAfter_hasNoRetryDelay() {
    ModelException e = failure(status(429, "Rate limit reached"));

    assertThat(e.kind()).isEqualTo(ModelException.Kind.TRANSIENT);
    assertThat(e.retryAfter()).isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503})
  void serverErrors_areTransient(int code) {
    ModelException e = failure(status(code, "The server had an error"));

    assertThat(e.kind()).isEqualTo(ModelException.Kind.TRANSIENT);
    assertThat(e.getMessage()).contains(String.valueOf(code)).contains("The server had an error");
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 422})
  void clientErrors_areRejectedWithTheProvidersMessage(int code) {
    ModelException e = failure(status(code, "Incorrect API key provided: sk-te***"));

    assertThat(e.kind()).isEqualTo(ModelException.Kind.REJECTED);
    assertThat(e.getMessage()).contains("HTTP " + code).contains("Incorrect API key provided: sk-te***");
    assertThat(e.retryAfter()).isNull();
  }

  @Test
  void anErrorBodyThatIsNotJson_isQuotedInTheMessage() {
    ModelException e =
        failure(new Reply.Status(502, "<html><body>Bad Gateway from the proxy</body></html>", Map.of()));

    assertThat(e.kind()).isEqualTo(ModelException.Kind.TRANSIENT);
    assertThat(e.getMessage()).contains("Bad Gateway from the proxy");
  }

  // ---- broken streams ----

  @Test
  void aStreamCutOffBeforeCompletion_isTransient() {
    ModelException e = failure(cutOff(text("half of it")));

    assertThat(e.kind()).isEqualTo(ModelException.Kind.TRANSIENT);
    assertThat(e.getMessage()).contains("ended before the response completed");
  }

  @Test
  void aStreamThatGoesSilentPastTheIdleTimeout_isTransientAndSaysIdle() {
    ModelException e = failure(hang(Duration.ofSeconds(10)));

    assertThat(e.kind()).isEqualTo(ModelException.Kind.TRANSIENT);
    assertThat(e.getMessage()).contains("idle");
  }

  @Test
  void anEventThatIsNotJson_isMalformed() {
    ModelException e = failure(garbage("data: not json\n\n"));

    assertThat(e.kind()).isEqualTo(ModelException.Kind.MALFORMED);
    assertThat(e.getMessage()).contains("not json");
  }

  @Test
  void anItemEventWithoutItsItem_isMalformed() {
    ModelException e =
        failure(events("{\"type\":\"response.output_item.done\",\"output_index\":0}"));

    assertThat(e.kind()).isEqualTo(ModelException.Kind.MALFORMED);
  }

  @Test
  void responseFailed_withAServerError_isTransient() {
    ModelException e = failure(failed("server_error", "Something went wrong on our side"));

    assertThat(e.kind()).isEqualTo(ModelException.Kind.TRANSIENT);
    assertThat(e.getMessage()).contains("server_error").contains("Something went wrong on our side");
  }

  @Test
  void responseFailed_withAnInvalidPrompt_isRejected() {
    ModelException e = failure(failed("invalid_prompt", "Your prompt was flagged"));

    assertThat(e.kind()).isEqualTo(ModelException.Kind.REJECTED);
    assertThat(e.getMessage()).contains("invalid_prompt").contains("Your prompt was flagged");
  }

  @Test
  void anErrorEvent_isClassifiedByItsCode() {
    ModelException e =
        failure(
            events("{\"type\":\"error\",\"code\":\"invalid_api_key\",\"message\":\"bad key\",\"param\":null}"));

    assertThat(e.kind()).isEqualTo(ModelException.Kind.REJECTED);
    assertThat(e.getMessage()).contains("bad key");
  }

  // ---- the event callback ----

  @Test
  void theEventCallback_isCalledForEveryEvent() throws Exception {
    fake.script(reply(text("a"), text("b")));
    AtomicInteger calls = new AtomicInteger();

    client().create(request(userMessage("hi")), CallHooks.onEvent(calls::incrementAndGet));

    // created, two items (added + done each), completed
    assertThat(calls.get()).isEqualTo(6);
  }

  @Test
  void theEventCallbackThrowing_abortsTheCallWithItsException() {
    fake.script(reply(text("a"), text("b"), text("c")));
    RuntimeException cancelled = new IllegalStateException("activity cancelled");
    List<Integer> seen = new ArrayList<>();

    assertThatThrownBy(
            () ->
                client()
                    .create(
                        request(userMessage("hi")),
                        CallHooks.onEvent(() -> {
                          seen.add(seen.size());
                          if (seen.size() == 2) throw cancelled;
                        })))
        .isSameAs(cancelled);
    assertThat(seen).hasSize(2);
  }
}
