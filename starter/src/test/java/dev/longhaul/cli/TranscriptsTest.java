package dev.longhaul.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.model.ProviderId;
import dev.longhaul.model.ResponsesFormat;
import dev.longhaul.model.chat.ChatFormat;
import dev.longhaul.store.Item;
import dev.longhaul.store.ItemKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A transcript reads the same whatever provider's JSON its items are in. */
class TranscriptsTest {
  private static final ChatFormat CHAT = ChatFormat.INSTANCE;

  @Test
  void aTaskThatSwitchedFromResponsesToChat_rendersBothAlike() {
    List<Item> items = List.of(
        new Item(0, 1, ItemKind.USER_MESSAGE, ResponsesFormat.message("user", "List the files"), 5),
        new Item(1, 1, ItemKind.FUNCTION_CALL,
            "{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"list_dir\",\"arguments\":\"{}\"}", 5),
        new Item(2, 1, ItemKind.FUNCTION_CALL_OUTPUT, ResponsesFormat.INSTANCE.toolOutput("c1", "a.txt"), 5),
        new Item(3, 2, ItemKind.USER_MESSAGE, CHAT.userMessage("Now read it"), 5, ProviderId.OPENAI_CHAT),
        new Item(4, 2, ItemKind.REASONING, "{\"role\":\"assistant\",\"reasoning_content\":\"easy\"}", 5,
            ProviderId.OPENAI_CHAT),
        new Item(5, 2, ItemKind.FUNCTION_CALL, "{\"id\":\"c2\",\"type\":\"function\",\"function\":"
            + "{\"name\":\"read_file\",\"arguments\":\"{\\\"path\\\":\\\"a.txt\\\"}\"}}", 5, ProviderId.OPENAI_CHAT),
        new Item(6, 2, ItemKind.FUNCTION_CALL_OUTPUT, CHAT.toolOutput("c2", "hello"), 5, ProviderId.OPENAI_CHAT),
        new Item(7, 2, ItemKind.ASSISTANT_MESSAGE, "{\"role\":\"assistant\",\"content\":\"It says hello.\"}", 5,
            ProviderId.OPENAI_CHAT));

    assertThat(Transcripts.render(items)).isEqualTo("""
        ── turn 1 ──
        user: List the files
        → list_dir {}
          ← a.txt
        ── turn 2 ──
        user: Now read it
        (reasoning) easy
        → read_file {"path":"a.txt"}
          ← hello
        assistant: It says hello.
        """);
  }
}
