package dev.longhaul.activities;

import dev.longhaul.model.ResponsesFormat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.store.Item;
import dev.longhaul.store.ItemKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalCompactionTest {
  private static Item user(String text, int tokens) {
    return new Item(-1, 1, ItemKind.USER_MESSAGE, ResponsesFormat.message("user", text), tokens);
  }

  private static Item assistant(String text, int tokens) {
    return new Item(-1, 1, ItemKind.ASSISTANT_MESSAGE, ResponsesFormat.message("assistant", text), tokens);
  }

  private static Item handoff(String summary) {
    return user("Another model worked on this before you.\n" + LocalCompaction.BRIDGE_MARKER + "\n" + summary
        + "\n</handoff_summary>", 300);
  }

  private static Item notes(String text) {
    return new Item(-1, 1, ItemKind.DEVELOPER_MESSAGE,
        ResponsesFormat.message("developer", Notes.MARKER + "\n" + text + "\n</task_notes>"), 200);
  }

  @Test
  void theNewestUserMessagesWithinTheBudget_areKept_inChronologicalOrder() {
    Item first = user("first", 8_000);
    Item second = user("second", 8_000);
    Item third = user("third", 6_000);
    Item fourth = user("fourth", 3_000);
    List<Item> context = List.of(first, assistant("a", 9_000), second, assistant("b", 9_000), third, fourth);

    assertThat(raws(LocalCompaction.recentUserMessages(context)))
        .containsExactly(second.raw(), third.raw(), fourth.raw());
  }

  @Test
  void messagesFillingTheBudgetExactly_areAllKept() {
    Item first = user("first", 10_000);
    Item second = user("second", 10_000);

    assertThat(raws(LocalCompaction.recentUserMessages(List.of(first, second))))
        .containsExactly(first.raw(), second.raw());
    assertThat(LocalCompaction.RECENT_USER_TOKENS).isEqualTo(20_000);
  }

  @Test
  void theFirstMessageThatDoesNotFit_endsTheSelection_evenIfOlderOnesWouldFit() {
    Item small = user("small and old", 100);
    Item big = user("a large paste", 15_000);
    Item recent = user("recent", 6_000);

    assertThat(raws(LocalCompaction.recentUserMessages(List.of(small, big, recent)))).containsExactly(recent.raw());
  }

  @Test
  void aNewestMessageLargerThanTheBudget_leavesNothing() {
    assertThat(raws(LocalCompaction.recentUserMessages(List.of(user("small", 10), user("huge", 20_001))))).isEmpty();
  }

  @Test
  void earlierHandoffSummariesAndNotes_areLeftOut_andCostNothing() {
    Item request = user("fix the build", 12_000);
    Item followUp = user("and the docs", 7_000);
    List<Item> context = List.of(
        request, handoff("summary one"), notes("- build uses make"), followUp, handoff("summary two"),
        notes("- docs in docs/"));

    // 19,000 tokens of user messages fit; the 600 of summaries would not have.
    assertThat(raws(LocalCompaction.recentUserMessages(context))).containsExactly(request.raw(), followUp.raw());
  }

  @Test
  void onlyUserMessagesAreKept() {
    Item call = new Item(-1, 1, ItemKind.FUNCTION_CALL, "{\"type\":\"function_call\",\"call_id\":\"c\"}", 10);
    Item developer = new Item(-1, 1, ItemKind.DEVELOPER_MESSAGE, ResponsesFormat.message("developer", "The model changed."), 10);
    Item mine = user("mine", 10);

    assertThat(raws(LocalCompaction.recentUserMessages(List.of(call, developer, assistant("hi", 10), mine))))
        .containsExactly(mine.raw());
  }

  @Test
  void anEmptyContext_keepsNothing() {
    assertThat(raws(LocalCompaction.recentUserMessages(List.of()))).isEmpty();
  }

  private static List<String> raws(List<Item> items) {
    return items.stream().map(Item::raw).toList();
  }
}
