package dev.longhaul.cli;

import dev.longhaul.store.Item;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "transcript", mixinStandardHelpOptions = true,
    description = "Prints a task's conversation from the store.")
final class TranscriptCommand implements Callable<Integer> {
  @ParentCommand Longhaul parent;

  @Option(names = "--json", description = "Every stored item as a JSON line: seq, turn, kind and the raw item.")
  boolean json;

  @Parameters(paramLabel = "ID")
  String taskId;

  @Override
  public Integer call() {
    Cli cli = parent.cli;
    try (StoreAccess access = StoreAccess.open(cli)) {
      if (access.store().task(taskId).isEmpty()) throw new CliException("unknown task id: " + taskId);
      List<Item> items = access.store().transcript(taskId);
      if (!json) {
        cli.out().print(Transcripts.render(items));
        return 0;
      }
      for (Item item : items) {
        cli.out().println("{\"seq\":" + item.seq() + ",\"turn\":" + item.turn() + ",\"kind\":\""
            + item.kind().label() + "\",\"tokens\":" + item.tokens() + ",\"item\":" + item.raw() + "}");
      }
      return 0;
    }
  }
}
