package dev.longhaul.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.longhaul.contract.PlanStep;
import dev.longhaul.workflow.Attempts;
import dev.longhaul.workflow.PendingApproval;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Shows a task's status.")
final class StatusCommand implements Callable<Integer> {
  /** A budget's duration as ISO-8601 ({@code "PT2H"}), not a number of seconds. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new SimpleModule().addSerializer(Duration.class, ToStringSerializer.instance));

  @ParentCommand Longhaul parent;

  @Option(names = "--json", description = "As JSON, for programs.")
  boolean json;

  @Parameters(paramLabel = "ID")
  String taskId;

  @Override
  public Integer call() throws JsonProcessingException {
    Cli cli = parent.cli;
    try (Connection connection = Connection.open(cli.endpoints())) {
      TaskView view = connection.tasks().view(taskId);
      Optional<AttemptsReport> attempts = AttemptsReport.of(connection, taskId, false);
      if (json) {
        cli.out().println(json(view, attempts));
      } else {
        cli.out().println(human(view, System.currentTimeMillis()));
        attempts.ifPresent(r -> r.lines().forEach(cli.out()::println));
      }
      return 0;
    }
  }

  static String json(TaskView v) throws JsonProcessingException {
    return JSON.writeValueAsString(v);
  }

  /** The view, and for a best-of-N task its review's phase and pick and a row per attempt. */
  static String json(TaskView v, Optional<AttemptsReport> attempts) throws JsonProcessingException {
    if (attempts.isEmpty()) return json(v);
    com.fasterxml.jackson.databind.node.ObjectNode node = JSON.valueToTree(v);
    com.fasterxml.jackson.databind.node.ObjectNode best = node.putObject("bestOf");
    Attempts review = attempts.get().attempts();
    if (review != null) {
      best.put("phase", review.phase().name());
      best.set("picked", JSON.valueToTree(review.picked()));
      best.put("reviewer", review.reviewer());
      best.put("reasons", review.reasons());
    }
    best.set("attempts", JSON.valueToTree(attempts.get().rows()));
    return JSON.writeValueAsString(node);
  }

  /** @param nowMillis the time against which the age of each pending approval is told */
  static String human(TaskView v, long nowMillis) {
    StringBuilder out = new StringBuilder();
    out.append(v.taskId()).append(": ").append(v.status()).append(" · turn ").append(v.turn())
        .append(" · step ").append(v.step());
    if (v.model() != null) out.append(" · ").append(v.model());
    out.append('\n');
    if (v.host() != null) out.append("host: ").append(v.host()).append('\n');
    if (v.snapshots() != null) out.append(v.snapshots().startsWith("snapshots") ? "" : "snapshots: ")
        .append(v.snapshots()).append('\n');
    if (v.moveError() != null) out.append(v.moveError()).append('\n');
    String policy = PolicyText.policy(v.sandbox(), v.approvalPolicy());
    if (policy != null) out.append(policy).append('\n');
    String budget = PolicyText.budget(v.budget(), v.tokens(), v.costUsd());
    if (budget != null) out.append("budget: ").append(budget).append('\n');
    if (!v.approvals().isEmpty()) {
      out.append("waiting for your answer:\n");
      for (PendingApproval a : v.approvals()) {
        PolicyText.approval(v.taskId(), a, nowMillis, false).forEach(l -> out.append("  ").append(l).append('\n'));
      }
    }
    if (v.tokens() != null) {
      out.append("tokens: ").append(Watcher.tokens(v.tokens())).append('\n');
      out.append(String.format("cache: %.0f%% of input served from the prompt cache", v.cacheHitRatio() * 100))
          .append(v.cacheBreaks() > 0 ? ", " + v.cacheBreaks() + " cache breaks" : "")
          .append(v.costUsd() == null ? "" : String.format("; about $%.4f", v.costUsd())).append('\n');
    }
    if (v.lastTool() != null) out.append("last tool: ").append(v.lastTool()).append('\n');
    if (v.queuedTurns() > 0) out.append("queued turns: ").append(v.queuedTurns()).append('\n');
    if (v.error() != null) out.append("error: ").append(v.error()).append('\n');
    if (v.retrying() != null) out.append("retrying: ").append(v.retrying()).append('\n');
    for (PlanStep step : v.plan()) {
      out.append("plan: [").append(step.status()).append("] ").append(step.step()).append('\n');
    }
    if (v.lastMessage() != null) out.append("last message: ").append(v.lastMessage()).append('\n');
    if (!v.live()) out.append("(from the store: the workflow is no longer running)\n");
    return out.toString().stripTrailing();
  }
}
