package dev.longhaul.model.chat;

import static dev.longhaul.testing.ChatScript.cutOff;
import static dev.longhaul.testing.ChatScript.reasoning;
import static dev.longhaul.testing.ChatScript.reply;
import static dev.longhaul.testing.ChatScript.streamError;
import static dev.longhaul.testing.ChatScript.text;
import static dev.longhaul.testing.ChatScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.contract.Usage;
import dev.longhaul.model.CallHooks;
import dev.longhaul.model.ModelConfig;
import dev.longhaul.model.ModelException;
import dev.longhaul.model.ModelRequest;
import dev.longhaul.model.ModelResponse;
import dev.longhaul.store.ItemKind;
import dev.longhaul.testing.FakeChatServer;
import dev.longhaul.testing.ModelScript;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.testing.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ChatFormat FORMAT = ChatFormat.INSTANCE;
  private FakeChatServer fake;

  @BeforeEach
  void startFake() {
    fake = FakeChatServer.start();
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  private ChatClient client() {
    return new ChatClient(new ModelConfig(fake.baseUrl(), "sk-test-key", "qwen3-coder", Duration.ofSeconds(2)));
  }

  private static ModelRequest request(String... input) {
    JsonNode tool = JSON.createObjectNode().put("type", "function").put("name", "shell")
        .put("description", "Runs a command.").set("parameters", JSON.createObjectNode().put("type", "object"));
    return new ModelRequest("qwen3-coder", "Be brief.", List.of(input), List.of(tool), "task-1");
  }

  private static JsonNode parse(String raw) throws Exception {
    return JSON.readTree(raw);
  }

  @Test
  void aStreamedAnswer_isAssembledIntoReasoningTextAndParallelCalls_withUsage() throws Exception {
    fake.script(reply(reasoning("Two files to read first."), text("Reading both."),
        toolCall("read_file", "{\"path\":\"a.txt\"}"), toolCall("read_file", "{\"path\":\"b.txt\"}")));

    ModelResponse response = client().create(request(FORMAT.userMessage("Read a and b")), CallHooks.none());

    List<String> items = response.items();
    assertThat(items).hasSize(4);
    assertThat(FORMAT.kind(parse(items.get(0)))).isEqualTo(ItemKind.REASONING);
    assertThat(FORMAT.text(parse(items.get(0)))).isEqualTo("Two files to read first.");
    assertThat(FORMAT.assistantText(parse(items.get(1)))).isEqualTo("Reading both.");
    assertThat(FORMAT.toolCall(parse(items.get(2))).orElseThrow().arguments()).isEqualTo("{\"path\":\"a.txt\"}");
    assertThat(FORMAT.toolCall(parse(items.get(3))).orElseThrow().arguments()).isEqualTo("{\"path\":\"b.txt\"}");
    assertThat(FORMAT.kind(parse(items.get(3)))).isEqualTo(ItemKind.FUNCTION_CALL);
    assertThat(response.usage().input()).isPositive();
    assertThat(response.usage().output()).isEqualTo(10);
    assertThat(response.incompleteReason()).isNull();
  }

  @Test
  void theBody_isSystemInstructionsToolsAndMessages_withOneAssistantMessagePerResponse() throws Exception {
    fake.script(reply(text("ok")));
    String thought = "{\"role\":\"assistant\",\"reasoning_content\":\"think\"}";
    String said = "{\"role\":\"assistant\",\"content\":\"Looking.\"}";
    String call = "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"shell\",\"arguments\":\"{}\"}}";
    String output = FORMAT.toolOutput("call_1", "a\tb");

    client().create(request(FORMAT.userMessage("go"), thought, said, call, output), CallHooks.none());

    RecordedRequest sent = fake.requests().get(0);
    assertThat(sent.path()).isEqualTo("/v1/chat/completions");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer sk-test-key");
    assertThat(sent.rawBody()).startsWith("{\"model\":\"qwen3-coder\",\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true},\"tools\":[{\"type\":\"function\",\"function\":"
        + "{\"name\":\"shell\",\"description\":\"Runs a command.\",\"parameters\":{\"type\":\"object\"}}}],"
        + "\"tool_choice\":\"auto\",\"parallel_tool_calls\":true,\"messages\":[");
    assertThat(sent.rawBody()).doesNotContain("prompt_cache_key"); // not OpenAI's own server
    assertThat(sent.rawBody()).endsWith("\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":\"go\"},"
        + "{\"role\":\"assistant\",\"content\":\"Looking.\",\"reasoning_content\":\"think\",\"tool_calls\":[" + call + "]},"
        + output + "]}");
  }

  @Test
  void aRequestWhoseContextExtendsTheLast_extendsItsBodyByteForByte() throws Exception {
    fake.script(reply(text("a")), reply(text("b")));
    String call = "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"shell\",\"arguments\":\"{}\"}}";
    List<String> first = List.of(FORMAT.userMessage("go"), call);
    List<String> second = List.of(FORMAT.userMessage("go"), call, FORMAT.toolOutput("call_1", "done"),
        "{\"role\":\"assistant\",\"content\":\"Done.\"}", FORMAT.userMessage("more"));

    client().create(request(first.toArray(String[]::new)), CallHooks.none());
    client().create(request(second.toArray(String[]::new)), CallHooks.none());

    String before = fake.requests().get(0).rawBody();
    assertThat(fake.requests().get(1).rawBody()).startsWith(before.substring(0, before.length() - 2));
  }

  @Test
  void openAisOwnServer_getsThePromptCacheKey() {
    ChatClient openai = new ChatClient(new ModelConfig("https://api.openai.com/v1", "sk", "gpt-4.1", Duration.ofSeconds(1)));
    assertThat(ChatBody.of(request(FORMAT.userMessage("hi")), true)).contains("\"prompt_cache_key\":\"task-1\"");
    assertThat(openai.id().label()).isEqualTo("openai-chat");
  }

  @Test
  void usage_readsCachedTokensFromPromptTokensDetails() throws Exception {
    fake.script(ModelScript.events(
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}",
        "{\"choices\":[],\"usage\":{\"prompt_tokens\":2048,\"completion_tokens\":7,\"prompt_tokens_details\":"
            + "{\"cached_tokens\":1920},\"completion_tokens_details\":{\"reasoning_tokens\":3}}}",
        "[DONE]"));

    ModelResponse response = client().create(request(FORMAT.userMessage("hi")), CallHooks.none());

    assertThat(response.usage()).isEqualTo(new Usage(2048, 1920, 7, 3));
  }

  @Test
  void aCallStreamedWhole_asOllamaDoes_andALengthStop_areRead() throws Exception {
    fake.script(ModelScript.events(
        "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_x\","
            + "\"index\":0,\"type\":\"function\",\"function\":{\"name\":\"shell\",\"arguments\":\"{\\\"command\\\":\\\"ls\\\"}\"}}]},"
            + "\"finish_reason\":null}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}"));

    ModelResponse response = client().create(request(FORMAT.userMessage("hi")), CallHooks.none());

    assertThat(response.items()).containsExactly(
        "{\"id\":\"call_x\",\"type\":\"function\",\"function\":{\"name\":\"shell\",\"arguments\":\"{\\\"command\\\":\\\"ls\\\"}\"}}");
    assertThat(response.incompleteReason()).isEqualTo("max_output_tokens");
  }

  @Test
  void status401_isRejected_withTheServersMessage() {
    fake.script(ModelScript.status(401, "Incorrect API key provided"));
    ModelException e = failure();
    assertThat(e.kind()).isEqualTo(ModelException.Kind.REJECTED);
    assertThat(e.getMessage()).isEqualTo("HTTP 401: Incorrect API key provided");
  }

  @Test
  void status429_isTransient_withTheRetryAfterDelay() {
    fake.script(new Reply.Status(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "3")));
    ModelException e = failure();
    assertThat(e.kind()).isEqualTo(ModelException.Kind.TRANSIENT);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void status5xx_aCutStream_andAHungStream_areTransient() {
    fake.script(ModelScript.status(503, "overloaded"), cutOff(text("half an ans")), ModelScript.hang(Duration.ofSeconds(4)));
    assertThat(List.of(failure().kind(), failure().kind(), failure().kind()))
        .containsOnly(ModelException.Kind.TRANSIENT);
  }

  @Test
  void garbage_isMalformed() {
    fake.script(ModelScript.garbage("data: <html>oops</html>\n\n"));
    assertThat(failure().kind()).isEqualTo(ModelException.Kind.MALFORMED);
  }

  @Test
  void theOverflowErrorsOfOpenAiVllmLlamaCppAndOllama_areContextWindowExceeded() {
    fake.script(
        new Reply.Status(400, "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens. However,"
            + " your messages resulted in 130001 tokens.\",\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}", Map.of()),
        new Reply.Status(400, "{\"object\":\"error\",\"message\":\"This model's maximum context length is 32768 tokens."
            + " However, you requested 40000 tokens (39000 in the messages, 1000 in the completion).\",\"type\":\"BadRequestError\","
            + "\"code\":400}", Map.of()),
        new Reply.Status(400, "{\"error\":{\"code\":400,\"message\":\"request (4476 tokens) exceeds the available context"
            + " size (4096 tokens)\",\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":4476,\"n_ctx\":4096}}", Map.of()),
        new Reply.Status(500, "{\"error\":\"the input length exceeds the context length\"}", Map.of()),
        streamError("400", "The prompt (total length 25938) is too long to fit into the model (context length 4096)."));

    for (int i = 0; i < 5; i++) {
      assertThat(failure().kind()).as("overflow %d", i + 1).isEqualTo(ModelException.Kind.CONTEXT_WINDOW_EXCEEDED);
    }
  }

  @Test
  void aModelTheServerDoesNotHave_isRejected_withItsMessage() {
    fake.script(ModelScript.status(404, "model \"qwen9\" not found, try pulling it first"));
    ModelException e = failure();
    assertThat(e.kind()).isEqualTo(ModelException.Kind.REJECTED);
    assertThat(e.getMessage()).isEqualTo("HTTP 404: model \"qwen9\" not found, try pulling it first");
  }

  @Test
  void compaction_isUnsupported_soTheTaskCompactsLocally() {
    ModelException e = catchThrowableOfType(
        () -> client().compact(request(FORMAT.userMessage("hi")), CallHooks.none()), ModelException.class);
    assertThat(e.kind()).isEqualTo(ModelException.Kind.UNSUPPORTED);
  }

  private ModelException failure() {
    return catchThrowableOfType(
        () -> client().create(request(FORMAT.userMessage("hi")), CallHooks.none()), ModelException.class);
  }
}
