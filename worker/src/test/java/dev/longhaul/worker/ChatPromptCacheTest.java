package dev.longhaul.worker;

import static dev.longhaul.testing.ChatScript.reply;
import static dev.longhaul.testing.ChatScript.text;
import static dev.longhaul.testing.ChatScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.store.UsageRow;
import dev.longhaul.testing.FakeChatServer;
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

/**
 * Each token is paid for once on a Chat Completions server too: every request's body extends the
 * previous one byte for byte, so a prefix cache by OpenAI's rules (the fake's) keeps hitting.
 */
class ChatPromptCacheTest {
  final TestTools.Shuffling plugin = new TestTools.Shuffling("zeta_echo", "alpha_echo");
  AgentHarness harness;
  @TempDir Path workspace;

  @BeforeEach
  void startHarness() {
    harness = AgentHarness.builder()
        .chatByDefault().settings(s -> s.withExtraTools(List.of(plugin)))
        .build();
  }

  @AfterEach
  void stopHarness() {
    if (harness != null) harness.close();
  }

  @Test
  void overTwoHundredSteps_eachRequestExtendsThePrevious_andTheCacheServesAtLeast95Percent() throws Exception {
    Files.writeString(workspace.resolve("notes.txt"), CompactionTest.logLines(4_000));
    AtomicInteger steps = new AtomicInteger();
    harness.chat.otherwise(request -> {
      int n = steps.incrementAndGet();
      if (n == 100 || n == 200) return reply(text("Turn done."));
      return n % 2 == 0
          ? reply(text("Step " + n + "."), toolCall(n % 4 == 0 ? "alpha_echo" : "zeta_echo", "{\"text\":\"step " + n + "\",\"times\":20}"))
          : reply(toolCall("read_file", "{\"path\":\"notes.txt\",\"start_line\":" + (n * 10) + ",\"end_line\":" + (n * 10 + 15) + "}"),
              toolCall("list_dir", "{\"path\":\".\"}"));
    });

    String taskId = harness.start(workspace, "Go through the notes");
    harness.awaitTurnEnd(taskId, 1);
    harness.existing(taskId).submitTurn(new TurnRequest("Once more"));
    Progress done = harness.awaitTurnEnd(taskId, 2);

    List<RecordedRequest> requests = harness.chat.requests();
    assertThat(requests).hasSize(200);
    long theoretical = 0;
    for (int i = 1; i < requests.size(); i++) {
      RecordedRequest previous = requests.get(i - 1);
      RecordedRequest current = requests.get(i);
      // Byte for byte: everything sent before is sent again, unchanged, in front of what is new.
      assertThat(current.rawBody()).as("request %d extends request %d", i + 1, i)
          .startsWith(ChatRequests.prefix(previous));
      theoretical += FakeChatServer.cachedTokens(
          FakeChatServer.promptTokens(current.body()), FakeChatServer.promptTokens(previous.body()));
    }
    System.out.printf("chat prompt cache: %,d input tokens, %,d cached, %,d the theoretical maximum (%.1f%%)%n",
        done.tokens().input(), done.tokens().cached(), theoretical, 100.0 * done.tokens().cached() / theoretical);
    assertThat(done.tokens().cached()).isGreaterThanOrEqualTo(theoretical * 95 / 100);
    assertThat(done.cacheBreaks()).isZero();
    List<UsageRow> ledger = harness.store.usage(taskId);
    assertThat(ledger).hasSize(200);
    assertThat(ledger.stream().mapToLong(UsageRow::cached).sum()).isEqualTo(done.tokens().cached());
    assertThat(ledger).allSatisfy(row -> assertThat(row.model()).isEqualTo(ChatRequests.MODEL));
  }
}
