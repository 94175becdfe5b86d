package dev.longhaul.cli;

import dev.longhaul.worker.TemporalServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Shows whether a dev stack runs on this Longhaul home: which server, its addresses, its pid.")
final class DevStatusCommand implements Callable<Integer> {
  @ParentCommand DevCommand dev;

  @Override
  public Integer call() {
    Cli cli = dev.parent.cli;
    DevRecord record = DevRecord.read(cli.home())
        .orElseThrow(() -> new CliException("no dev stack is running on " + cli.home()));
    cli.out().println("dev stack running (pid " + record.pid() + ")");
    print(cli, record);
    return 0;
  }

  /** Where the stack is: what {@code longhaul dev} prints when it is up, and {@code dev status}. */
  static void print(Cli cli, DevRecord record) {
    boolean cliServer = record.server() == TemporalServer.Kind.temporal_cli;
    cli.out().println("Temporal:    " + record.temporalAddress() + " (namespace " + record.namespace() + "; "
        + (cliServer
            ? "the Temporal CLI's dev server, pid " + record.serverPid() + ", workflows kept in "
                + cli.home().resolve("temporal.db")
            : "Temporal's Java test server: workflows end when the stack stops") + ")");
    cli.out().println("Temporal UI: " + (record.uiAddress() != null ? record.uiAddress() : "none (the Java test server has none)"));
    cli.out().println("PostgreSQL:  " + record.databaseUrl());
  }
}
