package dev.longhaul.cli;

import dev.longhaul.worker.WorkerMetrics;
import java.io.UncheckedIOException;
import picocli.CommandLine.Option;

/**
 * {@code --metrics-port} and {@code --metrics-host}: where the worker of {@code longhaul worker} or
 * {@code longhaul dev} serves its Prometheus metrics. Each command has its own default port.
 */
final class MetricsOptions {
  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve Prometheus metrics at http://HOST:PORT/metrics; 0 turns them off"
          + " (default: off for `worker`, 9464 for `dev`).")
  Integer port;

  @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "The address the metrics endpoint listens on (default: ${DEFAULT-VALUE},"
          + " reachable from this machine only; 0.0.0.0 for every interface).")
  String host;

  /**
   * Starts the endpoint, or returns {@link WorkerMetrics#off()}. A port asked for that is taken is
   * an error; the default port taken (by another dev stack, say) gives way to any free port, with
   * a note, since nobody chose it.
   *
   * @param defaultPort the port when none was given; 0 for off
   */
  WorkerMetrics start(Cli cli, int defaultPort) {
    int chosen = port == null ? defaultPort : port;
    if (chosen < 0 || chosen > 65_535) {
      throw new CliException("--metrics-port must be between 1 and 65535, or 0 for off, not " + chosen);
    }
    if (chosen == 0) return WorkerMetrics.off();
    try {
      return WorkerMetrics.serve(host, chosen);
    } catch (UncheckedIOException taken) {
      if (port != null) throw unavailable(taken);
    }
    try {
      WorkerMetrics metrics = WorkerMetrics.serve(host, 0);
      cli.note("metrics port " + chosen + " is taken; serving metrics at " + metrics.url() + " instead");
      return metrics;
    } catch (UncheckedIOException e) {
      throw unavailable(e);
    }
  }

  private static CliException unavailable(UncheckedIOException e) {
    return new CliException(
        e.getMessage() + ": choose another with --metrics-port or --metrics-host, or --metrics-port 0 for none");
  }
}
