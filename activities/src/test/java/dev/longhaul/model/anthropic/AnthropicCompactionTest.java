package dev.longhaul.model.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.model.CallHooks;
import dev.longhaul.model.ModelConfig;
import dev.longhaul.model.ModelException;
import dev.longhaul.model.ModelException.Kind;
import dev.longhaul.model.ModelRequest;
import dev.longhaul.model.ModelResponse;
import dev.longhaul.store.ItemKind;
import dev.longhaul.testing.AnthropicScript;
import dev.longhaul.testing.FakeAnthropicServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnthropicCompactionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AnthropicFormat FORMAT = AnthropicFormat.INSTANCE;

  private final FakeAnthropicServer fake = FakeAnthropicServer.start();
  private final AnthropicProvider provider =
      new AnthropicProvider(new ModelConfig(fake.baseUrl(), "k", "claude-test", Duration.ofSeconds(4)));

  @AfterEach
  void stopFake() {
    fake.close();
  }

  /** A context above Anthropic's 50,000-token compaction minimum. */
  private static ModelRequest bigRequest() {
    String big = FORMAT.userMessage("read this: " + "lorem ipsum dolor ".repeat(20_000));
    return new ModelRequest("claude-test", "Be brief.", List.of(big, AnthropicScript.text("Read.")), List.of(), "t");
  }

  @Test
  void compaction_returnsTheCompactionBlockByteForByte_sentWithTheBetaHeader() throws Exception {
    ModelResponse response = provider.compact(bigRequest(), CallHooks.none());

    assertThat(response.items()).containsExactly(fake.issuedCompactions().get(0));
    assertThat(FORMAT.kind(JSON.readTree(response.items().get(0)))).isEqualTo(ItemKind.COMPACTION);
    assertThat(fake.compactionRequests().get(0).header("anthropic-beta")).isEqualTo("compact-2026-01-12");
    assertThat(response.usage().input()).isGreaterThan(50_000);
  }

  @Test
  void theCompactionBlock_isReSentUnchanged_andTheRequestStaysValid() throws Exception {
    String block = provider.compact(bigRequest(), CallHooks.none()).items().get(0);
    fake.script(AnthropicScript.reply(AnthropicScript.text("Continuing.")));

    provider.create(new ModelRequest("claude-test", "Be brief.", List.of(block, FORMAT.userMessage("go on")),
        List.of(), "t"), CallHooks.none());

    assertThat(fake.requests().get(0).rawBody()).contains(block.substring(0, block.length() - 1));
  }

  @Test
  void aContextBelowTheMinimumByAnthropicsCount_isUnsupported_withoutAskingToCompact() {
    ModelException e = catchThrowableOfType(ModelException.class, () -> provider.compact(
        new ModelRequest("claude-test", "s", List.of(FORMAT.userMessage("hi")), List.of(), "t"), CallHooks.none()));

    assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED);
    assertThat(e.getMessage()).contains("below Anthropic's 50000-token compaction minimum");
    assertThat(fake.tokenCounts()).isEqualTo(1);
    assertThat(fake.compactionRequests()).isEmpty();
  }

  @Test
  void aModelWithoutCompaction_isUnsupported_soTheCallerSummarizesLocally() {
    fake.compaction(FakeAnthropicServer.Compaction.UNSUPPORTED);

    ModelException e = catchThrowableOfType(ModelException.class, () -> provider.compact(bigRequest(), CallHooks.none()));

    assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED);
    assertThat(e.getMessage()).contains("compact_20260112");
  }

  @Test
  void aFailingCompaction_isTransient() {
    fake.compaction(FakeAnthropicServer.Compaction.FAILING);

    ModelException e = catchThrowableOfType(ModelException.class, () -> provider.compact(bigRequest(), CallHooks.none()));

    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
  }
}
