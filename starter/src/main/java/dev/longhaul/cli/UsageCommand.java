package dev.longhaul.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.longhaul.store.UsageRow;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "usage", mixinStandardHelpOptions = true,
    description = "Tokens, cache hits and estimated cost of a task, per turn and in total, from the usage ledger.")
final class UsageCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand Longhaul parent;

  @Option(names = "--json", description = "As JSON, for programs.")
  boolean json;

  @Parameters(paramLabel = "ID")
  String taskId;

  @Override
  public Integer call() throws Exception {
    Cli cli = parent.cli;
    try (StoreAccess access = StoreAccess.open(cli)) {
      if (access.store().task(taskId).isEmpty()) throw new CliException("unknown task id: " + taskId);
      List<UsageRow> rows = access.store().usage(taskId);
      Map<Integer, Totals> perTurn = new TreeMap<>();
      Totals total = new Totals();
      for (UsageRow row : rows) {
        perTurn.computeIfAbsent(row.turn(), t -> new Totals()).add(row);
        total.add(row);
      }
      if (json) {
        ObjectNode out = JSON.createObjectNode().put("taskId", taskId);
        ArrayNode turns = out.putArray("turns");
        perTurn.forEach((turn, t) -> turns.add(t.json().put("turn", turn)));
        out.set("total", total.json());
        cli.out().println(JSON.writeValueAsString(out));
        return 0;
      }
      String format = "%-6s %6s %14s %14s %7s %12s %12s %12s %10s%n";
      cli.out().printf(format, "TURN", "CALLS", "INPUT", "CACHED", "HIT", "CACHE WRITE", "OUTPUT", "REASONING", "COST");
      perTurn.forEach((turn, t) -> t.print(cli, format, String.valueOf(turn)));
      total.print(cli, format, "total");
      return 0;
    }
  }

  /** Sums of ledger rows. The cost is unknown as soon as one call's model had no price. */
  static final class Totals {
    int calls;
    long input;
    long cached;
    long cacheWrite;
    long output;
    long reasoning;
    long costMicros;
    boolean costKnown = true;

    void add(UsageRow row) {
      calls++;
      input += row.input();
      cached += row.cached();
      cacheWrite += row.cacheWrite();
      output += row.output();
      reasoning += row.reasoning();
      if (row.costMicros() == null) costKnown = false;
      else costMicros += row.costMicros();
    }

    double hitRatio() {
      return input == 0 ? 0 : (double) cached / input;
    }

    ObjectNode json() {
      ObjectNode node = JSON.createObjectNode()
          .put("calls", calls).put("input", input).put("cached", cached).put("cacheWrite", cacheWrite).put("output", output)
          .put("reasoning", reasoning).put("cacheHitRatio", Math.round(hitRatio() * 1000) / 1000.0);
      if (costKnown) node.put("costUsd", costMicros / 1e6);
      else node.putNull("costUsd");
      return node;
    }

    void print(Cli cli, String format, String label) {
      cli.out().printf(format, label, calls, String.format("%,d", input), String.format("%,d", cached),
          String.format("%.0f%%", hitRatio() * 100), String.format("%,d", cacheWrite), String.format("%,d", output),
          String.format("%,d", reasoning), costKnown ? String.format("$%.4f", costMicros / 1e6) : "-");
    }
  }
}
