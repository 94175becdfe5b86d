package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.model.RawJson;
import dev.longhaul.store.UsageRow;
import dev.longhaul.testing.PromptCache;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TurnRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each token is paid for once: the prompt only grows at its end, so the provider's cache hits. */
class PromptCacheTest {
  final TestTools.Shuffling plugin = new TestTools.Shuffling("zeta_echo", "alpha_echo");
  final TestTools.Shuffling mcp = new TestTools.Shuffling("mcp_echo");
  AgentHarness harness;
  @TempDir Path workspace;

  @BeforeEach
  void startHarness() {
    harness = AgentHarness.builder().settings(settings -> settings.withExtraTools(List.of(plugin, mcp))).build();
  }

  @AfterEach
  void stopHarness() {
    harness.close();
  }

  @Test
  void overTwoHundredSteps_eachRequestExtendsThePrevious_andTheCacheServesAtLeast90Percent()
      throws Exception {
    Files.writeString(workspace.resolve("notes.txt"), CompactionTest.logLines(4_000));
    AtomicInteger steps = new AtomicInteger();
    harness.model.otherwise(request -> {
      int n = steps.incrementAndGet();
      if (n == 100 || n == 200) return reply(text("Turn done."));
      return n % 2 == 0
          ? reply(toolCall(n % 4 == 0 ? "alpha_echo" : "mcp_echo", "{\"text\":\"step " + n + "\",\"times\":20}"))
          : reply(toolCall("read_file", "{\"path\":\"notes.txt\",\"start_line\":" + (n * 10) + ",\"end_line\":" + (n * 10 + 15) + "}"));
    });

    String taskId = harness.start(workspace, "Go through the notes");
    harness.awaitTurnEnd(taskId, 1);
    harness.existing(taskId).submitTurn(new TurnRequest("Once more"));
    Progress done = harness.awaitTurnEnd(taskId, 2);

    List<RecordedRequest> requests = harness.model.requests();
    assertThat(requests).hasSize(200);
    List<String> toolOrder = requests.get(0).body().path("tools").findValuesAsText("name");
    assertThat(toolOrder).containsExactly("alpha_echo", "apply_patch", "grep", "list_dir", "mcp_echo",
        "read_file", "shell", "update_plan", "zeta_echo");
    long theoretical = 0;
    for (int i = 1; i < requests.size(); i++) {
      RecordedRequest previous = requests.get(i - 1);
      RecordedRequest current = requests.get(i);
      assertThat(current.body().path("tools").findValuesAsText("name")).isEqualTo(toolOrder);
      String before = RawJson.field(previous.rawBody(), "input");
      String now = RawJson.field(current.rawBody(), "input");
      // Byte for byte: everything sent before is sent again, unchanged, in front of what is new.
      assertThat(now).as("request %d extends request %d", i + 1, i)
          .startsWith(before.substring(0, before.length() - 1));
      theoretical += PromptCache.theoreticalMaximum(previous.body(), current.body());
    }
    System.out.printf("prompt cache: %,d input tokens, %,d cached, %,d the theoretical maximum (%.1f%%)%n",
        done.tokens().input(), done.tokens().cached(), theoretical, 100.0 * done.tokens().cached() / theoretical);
    assertThat(done.tokens().cached()).isGreaterThanOrEqualTo(theoretical * 9 / 10);
    assertThat(done.cacheBreaks()).isZero();

    List<UsageRow> ledger = harness.store.usage(taskId);
    assertThat(ledger).hasSize(200);
    assertThat(ledger.stream().mapToLong(UsageRow::input).sum()).isEqualTo(done.tokens().input());
    assertThat(ledger.stream().mapToLong(UsageRow::cached).sum()).isEqualTo(done.tokens().cached());
    assertThat(ledger).allSatisfy(row -> assertThat(row.model()).isEqualTo("test-model"));
  }

  @Test
  void aNewToolOrANewModel_isAppendedAsANote_andCountedAsACacheBreak() throws Exception {
    AtomicInteger steps = new AtomicInteger();
    harness.model.otherwise(request -> {
      int n = steps.incrementAndGet();
      if (n == 2) plugin.tools.add(new TestTools.Echo("new_echo"));
      return n % 3 == 0 ? reply(text("ok")) : reply(toolCall("mcp_echo", "{\"text\":\"x\"}"));
    });
    String taskId = harness.start(workspace, "Start");
    harness.awaitTurnEnd(taskId, 1);
    harness.existing(taskId).submitTurn(new TurnRequest("Switch models", "other-model"));
    Progress done = harness.awaitTurnEnd(taskId, 2);

    List<RecordedRequest> requests = harness.model.requests();
    RecordedRequest toolsChanged = requests.get(2);
    assertThat(toolsChanged.body().path("tools").findValuesAsText("name")).contains("new_echo");
    assertThat(lastInput(toolsChanged)).isEqualTo("The tools changed; added: new_echo.");
    RecordedRequest modelChanged = requests.get(3);
    assertThat(modelChanged.body().path("model").asText()).isEqualTo("other-model");
    assertThat(lastInput(modelChanged)).isEqualTo("The model changed from test-model to other-model.");
    for (int i = 1; i < requests.size(); i++) {
      String before = RawJson.field(requests.get(i - 1).rawBody(), "input");
      assertThat(RawJson.field(requests.get(i).rawBody(), "input")).startsWith(before.substring(0, before.length() - 1));
    }
    assertThat(done.cacheBreaks()).isEqualTo(2);
    assertThat(done.model()).isEqualTo("other-model");
    assertThat(done.costUsd()).isNull(); // neither test model has a price
  }

  private static String lastInput(RecordedRequest request) {
    var input = request.input();
    return input.get(input.size() - 1).path("content").path(0).path("text").asText();
  }
}
