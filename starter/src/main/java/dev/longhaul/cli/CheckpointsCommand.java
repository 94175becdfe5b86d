package dev.longhaul.cli;

import dev.longhaul.store.Checkpoint;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "checkpoints", mixinStandardHelpOptions = true,
    description = "Lists a task's checkpoints: the compacted contexts it can resume or fork from.")
final class CheckpointsCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  @ParentCommand Longhaul parent;

  @Parameters(paramLabel = "ID")
  String taskId;

  @Override
  public Integer call() {
    Cli cli = parent.cli;
    try (StoreAccess access = StoreAccess.open(cli)) {
      if (access.store().task(taskId).isEmpty()) throw new CliException("unknown task id: " + taskId);
      List<Checkpoint> checkpoints = access.store().checkpoints(taskId);
      if (checkpoints.isEmpty()) {
        cli.note("task " + taskId + " has no checkpoints yet (it has not compacted); resume starts from its transcript");
        return 0;
      }
      String format = "%4s  %-10s  %5s  %9s  %8s  %6s  %s%n";
      cli.out().printf(format, "N", "REASON", "TURN", "TOKENS", "FROM SEQ", "ITEMS", "CREATED");
      for (Checkpoint c : checkpoints) {
        cli.out().printf(format, c.number(), c.reason(), c.turn(), String.format("%,d", c.tokens()),
            c.fromSeq(), c.itemCount(), TIME.format(c.created()));
      }
      return 0;
    }
  }
}
