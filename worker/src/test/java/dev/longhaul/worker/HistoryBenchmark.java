package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;

import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.EndRequest;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskStatus;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test: history bytes after 25, 50, 100 and 200 steps with 2,000-character tool
 * outputs, for Longhaul (transcript in PostgreSQL, references in history) and for {@link
 * NaiveAgentWorkflow} (the conversation in workflow state, passed through every activity), on
 * the Temporal CLI's dev server, which enforces Temporal's limits on a run's history (50 MB,
 * 51,200 events). The naive loop goes on until the server stops it. Run it with the command in
 * BENCHMARKS.md.
 */
@EnabledIfSystemProperty(named = "longhaul.benchmark", matches = "true")
class HistoryBenchmark {
  static final int[] AT = {25, 50, 100, 200};
  static final int OUTPUT_CHARS = 2_000;
  /** Far past where the naive loop's history outgrows 50 MB (about step 220). */
  static final int NAIVE_MAX_STEPS = 1_000;

  @TempDir Path home;
  @TempDir Path workspace;

  @Test
  void historyBytesPerStep_longhaulBesideAConversationInWorkflowState() throws Exception {
    // 40 lines of 49 characters and a newline: read whole, an output of about 2,000 characters.
    Files.writeString(workspace.resolve("notes.txt"), ("x".repeat(49) + "\n").repeat(40));
    try (BenchmarkStack stack = BenchmarkStack.onCliDevServer(home)) {
      List<Long> longhaul = longhaul(stack);
      Naive naive = naive(stack);
      StringBuilder report = new StringBuilder(String.format(
          "history bytes after N steps, tool outputs of %,d characters (Temporal CLI dev server)%n", OUTPUT_CHARS));
      report.append(String.format("%6s %16s %12s %16s %12s%n", "steps", "longhaul", "per step", "naive", "per step"));
      for (int i = 0; i < AT.length; i++) {
        long l = longhaul.get(i);
        Long n = i < naive.bytesAt().size() ? naive.bytesAt().get(i) : null;
        report.append(String.format("%6d %16s %12s %16s %12s%n", AT[i], String.format("%,d", l),
            String.format("%,d", l / AT[i]),
            n == null ? "(dead)" : String.format("%,d", n), n == null ? "" : String.format("%,d", n / AT[i])));
      }
      report.append(String.format("naive loop: stopped after %d steps, history %,d bytes in %,d events: %s%n",
          naive.steps(), naive.finalBytes(), naive.finalEvents(), naive.how()));
      BenchmarkStack.write("history.txt", report.toString());
    }
  }

  /** History bytes (all runs) when step N's tool output is recorded, for each N in {@link #AT}. */
  private List<Long> longhaul(BenchmarkStack stack) throws Exception {
    stack.startWorker(WorkflowCache.defaults());
    int steps = AT[AT.length - 1];
    AtomicInteger requests = new AtomicInteger();
    stack.model.otherwise(request -> requests.incrementAndGet() > steps
        ? reply(text("Done."))
        : reply(toolCall("read_file", "{\"path\":\"notes.txt\"}")));
    String id = "history-longhaul-" + System.nanoTime();
    AgentWorkflow task = stack.start(id, TaskInput.of(workspace.toString(), "Read the notes, a step at a time"));
    var done = stack.await(task, p -> p.turn() >= 1 && p.status() != TaskStatus.running, Duration.ofMinutes(10));
    if (done.status() != TaskStatus.idle) throw new AssertionError("longhaul: " + done.error());
    List<HistoryEvent> events = AgentHarness.runs(stack.client, id).stream().flatMap(List::stream).toList();
    task.end(new EndRequest("benchmark done"));
    stack.stopWorkers();
    return bytesAtSteps(events, "Sample");
  }

  record Naive(List<Long> bytesAt, int steps, long finalBytes, int finalEvents, String how) {}

  private Naive naive(BenchmarkStack stack) throws Exception {
    WorkerFactory factory = WorkerFactory.newInstance(stack.client);
    Worker worker = factory.newWorker(NaiveAgentWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(NaiveAgentWorkflow.Impl.class);
    worker.registerActivitiesImplementations(new NaiveAgentWorkflow.InstantActivities(NAIVE_MAX_STEPS));
    factory.start();
    try {
      String id = "history-naive-" + System.nanoTime();
      NaiveAgentWorkflow naive = stack.client.newWorkflowStub(NaiveAgentWorkflow.class,
          WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(NaiveAgentWorkflow.TASK_QUEUE)
              .setWorkflowRunTimeout(Duration.ofMinutes(15)).build());
      WorkflowClient.start(naive::run, new NaiveAgentWorkflow.Steps(NAIVE_MAX_STEPS, OUTPUT_CHARS));
      String how;
      try {
        int steps = WorkflowStub.fromTyped(naive).getResult(Integer.class);
        how = "finished all " + steps + " steps";
      } catch (RuntimeException e) {
        how = rootMessage(e);
      }
      List<HistoryEvent> events = stack.client.fetchHistory(id).getHistory().getEventsList();
      long bytes = events.stream().mapToLong(HistoryEvent::getSerializedSize).sum();
      HistoryEvent last = events.get(events.size() - 1);
      how += "; last event " + last.getEventType().name().replace("EVENT_TYPE_", "")
          + (last.hasWorkflowExecutionTerminatedEventAttributes()
              ? " (" + last.getWorkflowExecutionTerminatedEventAttributes().getReason() + ")" : "");
      int steps = (int) events.stream().filter(e -> isScheduled(e, "RunTool")).count();
      return new Naive(bytesAtSteps(events, "Respond"), steps, bytes, events.size(), how);
    } finally {
      factory.shutdownNow();
      factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /**
   * Cumulative history bytes just before the model activity of step N+1 is scheduled (so step N
   * is complete, tool output included), for each N in {@link #AT} that the history reaches.
   */
  static List<Long> bytesAtSteps(List<HistoryEvent> events, String modelActivity) {
    List<Long> at = new ArrayList<>();
    long bytes = 0;
    int modelCalls = 0;
    for (HistoryEvent event : events) {
      if (isScheduled(event, modelActivity)) {
        modelCalls++;
        int stepsDone = modelCalls - 1;
        if (at.size() < AT.length && stepsDone == AT[at.size()]) at.add(bytes);
      }
      bytes += event.getSerializedSize();
    }
    return at;
  }

  private static boolean isScheduled(HistoryEvent e, String activity) {
    return e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
        && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(activity);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) t = t.getCause();
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
