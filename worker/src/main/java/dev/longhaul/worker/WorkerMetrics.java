package dev.longhaul.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import dev.longhaul.activities.Metrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A worker's Prometheus endpoint: one Micrometer registry holding the Temporal SDK's metrics
 * (through the SDK's own Micrometer bridge) and Longhaul's ({@link Metrics}), served as text at
 * {@code /metrics}. Or, {@link #off()}, nothing at all.
 *
 * <p>The SDK's metrics go through a tally scope that reports into the registry every second, so
 * a scrape shows them at most that late; Longhaul's are recorded straight into the registry.
 */
public final class WorkerMetrics implements AutoCloseable {
  public static final String PATH = "/metrics";
  /** Prometheus's text exposition format. */
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final com.uber.m3.util.Duration REPORT_EVERY = com.uber.m3.util.Duration.ofSeconds(1);

  private final PrometheusMeterRegistry registry;
  private final Scope sdkScope;
  private final Metrics longhaul;
  private final HttpServer server;

  private WorkerMetrics(PrometheusMeterRegistry registry, Scope sdkScope, Metrics longhaul, HttpServer server) {
    this.registry = registry;
    this.sdkScope = sdkScope;
    this.longhaul = longhaul;
    this.server = server;
  }

  /** No endpoint: the SDK's no-op scope and Longhaul's no-op metrics. */
  public static WorkerMetrics off() {
    return new WorkerMetrics(null, new NoopScope(), Metrics.none(), null);
  }

  /**
   * Serves {@code /metrics} on {@code host:port} (port 0: any free port) until {@link #close}.
   *
   * @param host the address to listen on: 127.0.0.1 keeps it to this machine
   * @throws UncheckedIOException when the port cannot be bound (taken, say), with the address in
   *     its message
   */
  public static WorkerMetrics serve(String host, int port) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      registry.close();
      throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    server.createContext(PATH, exchange -> scrape(registry, exchange));
    server.start();
    Scope scope = new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(REPORT_EVERY);
    return new WorkerMetrics(registry, scope, Metrics.on(registry), server);
  }

  /** For {@code WorkflowServiceStubsOptions.setMetricsScope}: the SDK's metrics of whatever uses those stubs. */
  public Scope sdkScope() {
    return sdkScope;
  }

  /** For the activities. */
  public Metrics longhaul() {
    return longhaul;
  }

  /** Where a scraper finds the metrics; null when off. */
  public String url() {
    if (server == null) return null;
    InetSocketAddress address = server.getAddress();
    return "http://" + address.getHostString() + ":" + address.getPort() + PATH;
  }

  private static void scrape(PrometheusMeterRegistry registry, HttpExchange exchange) throws IOException {
    try (exchange) {
      // The context matches every path that starts with /metrics; only /metrics itself is served.
      if (!exchange.getRequestURI().getPath().equals(PATH)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Stops serving, after the SDK's last report. Call it after the worker has stopped. */
  @Override
  public void close() {
    if (server == null) return;
    server.stop(0);
    try {
      sdkScope.close();
    } catch (ScopeCloseException e) {
      // its last report is lost with the endpoint anyway
    }
    registry.close();
  }
}
