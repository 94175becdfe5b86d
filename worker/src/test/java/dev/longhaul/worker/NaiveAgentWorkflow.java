package dev.longhaul.worker;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * For {@link HistoryBenchmark} only: an agent loop as Temporal's AI samples write it, the
 * conversation kept in workflow state and passed whole to the model activity each step, each tool
 * output returned through history. Its history grows with the square of the steps; Longhaul's,
 * with its transcript in PostgreSQL, grows linearly.
 */
@WorkflowInterface
public interface NaiveAgentWorkflow {
  String TASK_QUEUE = "naive-agent";

  @WorkflowMethod
  int run(Steps steps);

  @QueryMethod
  int step();

  record Steps(int count, int toolOutputChars) {}

  record Conversation(List<String> items) {}

  /** Either a tool call or, when {@code call} is null, the final answer. */
  record ModelReply(String call, String answer) {}

  record ToolCall(String call, int outputChars) {}

  record ToolOutput(String output) {}

  @ActivityInterface
  interface Activities {
    ModelReply respond(Conversation conversation);

    ToolOutput runTool(ToolCall call);
  }

  /** An instant model that asks for a tool until the conversation holds {@code steps} outputs. */
  final class InstantActivities implements Activities {
    private final int steps;

    InstantActivities(int steps) {
      this.steps = steps;
    }

    @Override
    public ModelReply respond(Conversation conversation) {
      long outputs = conversation.items().stream().filter(i -> i.startsWith("output:")).count();
      return outputs >= steps ? new ModelReply(null, "Done.") : new ModelReply("read_file notes.txt #" + outputs, null);
    }

    @Override
    public ToolOutput runTool(ToolCall call) {
      return new ToolOutput("output:" + "x".repeat(call.outputChars() - "output:".length()));
    }
  }

  class Impl implements NaiveAgentWorkflow {
    private final List<String> conversation = new ArrayList<>();
    private int step;

    @Override
    public int run(Steps steps) {
      Activities activities = Workflow.newActivityStub(Activities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
      conversation.add("user: Read the notes, a step at a time");
      while (true) {
        step++;
        ModelReply reply = activities.respond(new Conversation(conversation));
        if (reply.call() == null) {
          conversation.add("assistant: " + reply.answer());
          return step;
        }
        conversation.add("call: " + reply.call());
        conversation.add(activities.runTool(new ToolCall(reply.call(), steps.toolOutputChars())).output());
      }
    }

    @Override
    public int step() {
      return step;
    }
  }
}
