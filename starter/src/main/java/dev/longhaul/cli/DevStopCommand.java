package dev.longhaul.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "stop", mixinStandardHelpOptions = true,
    description = "Stops the dev stack running on this Longhaul home (in the background or in another terminal).")
final class DevStopCommand implements Callable<Integer> {
  @ParentCommand DevCommand dev;

  @Override
  public Integer call() {
    Cli cli = dev.parent.cli;
    DevRecord record = DevRecord.read(cli.home())
        .orElseThrow(() -> new CliException("no dev stack is running on " + cli.home() + ": nothing to stop"));
    ProcessHandle stack = ProcessHandle.of(record.pid())
        .orElseThrow(() -> new CliException("no dev stack is running on " + cli.home() + ": nothing to stop"));
    // Its shutdown hook stops the worker, the Temporal server and PostgreSQL in turn.
    boolean clean = Processes.stop(stack, Duration.ofSeconds(30));
    if (!clean) DevRecord.delete(cli.home());
    cli.out().println(clean
        ? "stopped the dev stack (pid " + record.pid() + ")"
        : "killed the dev stack (pid " + record.pid() + "), which did not stop within 30 s; the next `longhaul dev` stops what it left running");
    return 0;
  }
}
