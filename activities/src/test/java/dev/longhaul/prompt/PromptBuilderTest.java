package dev.longhaul.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.store.Item;
import dev.longhaul.store.ItemKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptBuilderTest {
  private final List<Item> items = new ArrayList<>();

  /** Stores an item; its raw JSON keeps odd spacing and key order, which must survive as is. */
  private String add(int turn, ItemKind kind, String raw) {
    items.add(new Item(items.size() + 1, turn, kind, raw, 10));
    return raw;
  }

  @Test
  void reasoningOfEarlierTurns_isLeftOut_andOfTheCurrentTurnKept_everythingElseInOrder() {
    String user1 =
        add(1, ItemKind.USER_MESSAGE, "{\"type\":\"message\", \"role\":\"user\",\"content\":\"fix\"}");
    add(1, ItemKind.REASONING, "{\"type\":\"reasoning\",\"encrypted_content\":\"AAA\"}");
    String call1 =
        add(1, ItemKind.FUNCTION_CALL, "{\"name\":\"shell\",  \"type\":\"function_call\"}");
    String output1 = add(1, ItemKind.FUNCTION_CALL_OUTPUT, "{\"type\":\"function_call_output\"}");
    String answer1 = add(1, ItemKind.ASSISTANT_MESSAGE, "{\"type\":\"message\",\"role\":\"assistant\"}");
    String user2 = add(2, ItemKind.USER_MESSAGE, " { \"role\": \"user\", \"type\": \"message\" }\n");
    String reasoning2 = add(2, ItemKind.REASONING, "{\"type\":\"reasoning\",\"id\":\"rs_2\"}");
    String call2 = add(2, ItemKind.FUNCTION_CALL, "{\"type\":\"function_call\",\"id\":\"fc_2\"}");

    List<String> input = PromptBuilder.input(items, 2);

    assertThat(input).containsExactly(user1, call1, output1, answer1, user2, reasoning2, call2);
  }

  @Test
  void reasoningOfEveryTurn_isLeftOutOnceALaterTurnHasBegun() {
    add(1, ItemKind.REASONING, "{\"type\":\"reasoning\",\"id\":\"rs_1\"}");
    add(2, ItemKind.REASONING, "{\"type\":\"reasoning\",\"id\":\"rs_2\"}");
    String user3 = add(3, ItemKind.USER_MESSAGE, "{\"type\":\"message\",\"role\":\"user\"}");

    assertThat(PromptBuilder.input(items, 3)).containsExactly(user3);
  }

  @Test
  void itemsOfEarlierTurns_otherThanReasoning_includingCompactions_areKept() {
    String compaction = add(1, ItemKind.COMPACTION, "{\"type\":\"compaction\",\"x\":1}");
    String user = add(2, ItemKind.USER_MESSAGE, "{\"type\":\"message\",\"role\":\"user\"}");

    assertThat(PromptBuilder.input(items, 2)).containsExactly(compaction, user);
  }

  @Test
  void noItems_giveAnEmptyInput() {
    assertThat(PromptBuilder.input(List.of(), 1)).isEmpty();
  }
}
