package dev.longhaul.cli;

import dev.longhaul.worker.TemporalServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code longhaul dev} started in the background by a command that found no Temporal server, so
 * that its task outlives the command: in its own session (no Ctrl-C or hang-up of this terminal
 * reaches it), with this command's environment, its output in {@code $LONGHAUL_HOME/dev.log}.
 */
final class BackgroundDev {
  /** Long enough for a first start that downloads the Temporal CLI. */
  private static final Duration START_LIMIT = Duration.ofMinutes(3);
  private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

  private BackgroundDev() {}

  /** Starts it, waits until it is up, and says so on stderr; returns its record. */
  static DevRecord start(Cli cli, String unreachable) {
    Inputs.requireModelAccess(cli.env()); // its worker needs it: refuse here rather than in its log
    Path log = cli.home().resolve("dev.log");
    cli.note("longhaul: no Temporal server at " + unreachable + "; starting the dev stack in the background (log: " + log + ")");
    long logStart = size(log);
    Process process = launch(cli, log);
    DevRecord record = awaitRecord(cli.home(), process, log, logStart);
    cli.note(record.server() == TemporalServer.Kind.temporal_cli
        ? "longhaul: the dev stack is up (pid " + record.pid() + "); watch the task in the Temporal UI at "
            + record.uiAddress() + ". It keeps running: `longhaul dev status`, `longhaul dev stop`"
        : "longhaul: the dev stack is up (pid " + record.pid() + ") on Temporal's Java test server: no UI, and its"
            + " workflows end when it stops (why: " + log + "). It keeps running: `longhaul dev status`, `longhaul dev stop`");
    return record;
  }

  private static Process launch(Cli cli, Path log) {
    List<String> command = new ArrayList<>();
    SETSID.stream().filter(Files::isExecutable).findFirst().ifPresent(setsid -> command.add(setsid.toString()));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String options = cli.env().get("LONGHAUL_JAVA_OPTS");
    if (options != null && !options.isBlank()) command.addAll(List.of(options.strip().split("\\s+")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Longhaul.class.getName(), "dev"));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(cli.env());
    builder.environment().put("LONGHAUL_HOME", cli.home().toString());
    try {
      Files.createDirectories(cli.home());
      return builder.start();
    } catch (IOException e) {
      throw new CliException("cannot start the dev stack in the background: " + e.getMessage());
    }
  }

  /**
   * Until a live stack has recorded itself: this one, or (when two commands raced to start one)
   * the other's, which made this one refuse.
   */
  private static DevRecord awaitRecord(Path home, Process process, Path log, long logStart) {
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<DevRecord> record = DevRecord.read(home);
      if (record.isPresent()) return record.get();
      if (!process.isAlive() && DevRecord.read(home).isEmpty()) {
        throw new CliException("the dev stack did not start: " + lastError(log, logStart) + " (its log: " + log + ")");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException("interrupted while the dev stack started; it goes on starting (its log: " + log + ")");
      }
    }
    throw new CliException("the dev stack was not up after " + START_LIMIT.toMinutes() + " minutes (its log: " + log + ")");
  }

  /** The error {@code longhaul dev} printed last in this start's part of the log, without its prefix. */
  private static String lastError(Path log, long logStart) {
    try {
      byte[] bytes = Files.readAllBytes(log);
      List<String> lines = new String(bytes, (int) Math.min(logStart, bytes.length),
          (int) Math.max(0, bytes.length - logStart), StandardCharsets.UTF_8).lines().toList();
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (lines.get(i).startsWith("longhaul: ")) return lines.get(i).substring("longhaul: ".length());
      }
      return lines.isEmpty() ? "it printed nothing" : lines.get(lines.size() - 1);
    } catch (IOException e) {
      return "its log is unreadable";
    }
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }
}
