package dev.longhaul.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "longhaul",
    mixinStandardHelpOptions = true,
    version = "longhaul 0.1.0",
    description = "Runs autonomous coding-agent tasks as durable Temporal workflows.",
    subcommands = {
      RunCommand.class,
      SendCommand.class,
      StatusCommand.class,
      WatchCommand.class,
      ListCommand.class,
      ApprovalsCommand.class,
      ApproveCommand.class,
      DenyCommand.class,
      PickCommand.class,
      AttemptsCommand.class,
      InterruptCommand.class,
      EndCommand.class,
      MoveCommand.class,
      TranscriptCommand.class,
      UsageCommand.class,
      CheckpointsCommand.class,
      ResumeCommand.class,
      ForkCommand.class,
      DiffCommand.class,
      ExportCommand.class,
      WorkerCommand.class,
      DevCommand.class
    })
public final class Longhaul implements Runnable {
  final Cli cli;
  @Spec CommandSpec spec;

  Longhaul(Cli cli) {
    this.cli = cli;
  }

  public static void main(String[] args) {
    System.exit(execute(Cli.system(), args));
  }

  /** Runs one command line and returns its exit code. Every error is one line on stderr. */
  public static int execute(Cli cli, String... args) {
    CommandLine line = new CommandLine(new Longhaul(cli));
    line.setOut(new PrintWriter(cli.out(), true));
    line.setErr(new PrintWriter(cli.err(), true));
    line.setParameterExceptionHandler(
        (e, argv) -> {
          String command = e.getCommandLine().getCommandName();
          cli.err().println("longhaul: " + e.getMessage() + " (see: longhaul "
              + (command.equals("longhaul") ? "" : command + " ") + "--help)");
          return 2;
        });
    line.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          String message = e instanceof CliException ? e.getMessage() : "unexpected error: " + e;
          cli.err().println("longhaul: " + message);
          return 1;
        });
    return line.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }
}
