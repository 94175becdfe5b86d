package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reasoning;
import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.store.Item;
import dev.longhaul.testing.RecordedRequest;
import dev.longhaul.workflow.TurnRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the model is sent: the rules the Responses API and the prompt cache rely on. */
class TranscriptTest {
  @RegisterExtension static final AgentHarness harness = AgentHarness.builder().build();
  @TempDir Path workspace;

  @Test
  void reasoning_isResentUnchangedWithinItsTurn_andDroppedInTheNextTurn() throws Exception {
    String thought = reasoning("turn-one-secret");
    harness.model.script(
        reply(thought, toolCall("list_dir", "{\"path\":\".\"}")),
        reply(text("Listed.")),
        reply(text("Second turn.")));
    String taskId = harness.start(workspace, "List");
    harness.awaitTurnEnd(taskId, 1);
    harness.existing(taskId).submitTurn(new TurnRequest("Now something else"));
    harness.awaitTurnEnd(taskId, 2);

    List<RecordedRequest> requests = harness.model.requests();
    // Within turn 1 the reasoning item goes back byte for byte, as the provider sent it.
    assertThat(requests.get(1).rawBody()).contains(thought);
    // Turn 2 leaves it out; everything else of turn 1 is still there.
    assertThat(requests.get(2).input("reasoning")).isEmpty();
    assertThat(requests.get(2).rawBody()).doesNotContain("turn-one-secret");
    assertThat(requests.get(2).input("function_call")).hasSize(1);
    assertThat(requests.get(2).userMessages()).containsExactly("List", "Now something else");
    // The store keeps it regardless: dropping is the prompt builder's choice, not data loss.
    assertThat(harness.transcript(taskId)).extracting(Item::raw).contains(thought);
  }

  @Test
  void everyCall_isAnsweredOnce_includingUnknownToolsAndInvalidArguments() throws Exception {
    Files.writeString(workspace.resolve("a.txt"), "alpha\n");
    harness.model.script(
        reply(
            toolCall("read_file", "{\"path\":\"a.txt\"}"),
            toolCall("grep", "{\"pattern\":\"alpha\"}"),
            toolCall("no_such_tool", "{}"),
            toolCall("read_file", "{not json")),
        reply(text("Done.")));
    String taskId = harness.start(workspace, "Look around");
    harness.awaitTurnEnd(taskId, 1);

    RecordedRequest second = harness.model.requests().get(1);
    AgentHarness.assertEveryCallAnsweredOnce(second);
    List<String> outputs =
        second.input("function_call_output").stream().map(o -> o.path("output").asText()).toList();
    assertThat(outputs.get(0)).contains("1\talpha");
    assertThat(outputs.get(1)).contains("a.txt:1:alpha");
    assertThat(outputs.get(2)).startsWith("unknown tool \"no_such_tool\"");
    assertThat(outputs.get(3)).startsWith("read_file: the arguments are not valid JSON");
  }

  @Test
  void callsThatChangeTheWorkspace_runOneByOneInTheModelsOrder() throws Exception {
    harness.model.script(
        reply(
            toolCall("shell", "{\"command\":\"sleep 1; echo first >> order.txt\"}"),
            toolCall("shell", "{\"command\":\"echo second >> order.txt\"}")),
        reply(text("Done.")));
    String taskId = harness.start(workspace, "Two writes");
    harness.awaitTurnEnd(taskId, 1);

    assertThat(Files.readAllLines(workspace.resolve("order.txt"))).containsExactly("first", "second");
  }

  @Test
  void transcript_holdsEveryItemOnceInOrder_withTurnsRecorded() throws Exception {
    harness.model.script(
        reply(toolCall("list_dir", "{\"path\":\".\"}")),
        reply(text("One.")),
        reply(text("Two.")));
    String taskId = harness.start(workspace, "First");
    harness.awaitTurnEnd(taskId, 1);
    harness.existing(taskId).submitTurn(new TurnRequest("Second"));
    harness.awaitTurnEnd(taskId, 2);

    assertThat(harness.transcript(taskId))
        .extracting(i -> i.seq() + ":" + i.turn() + ":" + i.kind())
        .containsExactly(
            "0:0:message:developer", // the environment note, before the first turn
            "1:1:message:user",
            "2:1:function_call",
            "3:1:function_call_output",
            "4:1:message:assistant",
            "5:2:message:user",
            "6:2:message:assistant");
  }
}
