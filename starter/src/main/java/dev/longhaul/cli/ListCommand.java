package dev.longhaul.cli;

import dev.longhaul.store.TaskRow;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "list", mixinStandardHelpOptions = true,
    description = "Lists tasks, newest first, from the store (works with any Temporal server).")
final class ListCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

  @ParentCommand Longhaul parent;

  @Option(names = "--limit", defaultValue = "50", description = "At most this many (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    Cli cli = parent.cli;
    try (StoreAccess store = StoreAccess.open(cli)) {
      List<TaskRow> rows = store.store().tasks(limit);
      if (rows.isEmpty()) {
        cli.note("no tasks yet");
        return 0;
      }
      String format = "%-28s %-8s %5s %6s  %-16s  %s%n";
      cli.out().printf(format, "ID", "STATUS", "TURN", "STEP", "CREATED", "TITLE");
      for (TaskRow r : rows) {
        cli.out().printf(format, r.taskId(), r.status(), r.turn(), r.step(), TIME.format(r.created()),
            r.title().lines().findFirst().orElse(""));
      }
      return 0;
    }
  }
}
