package dev.longhaul.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PgBouncer (Debian's package) in transaction pooling mode, started by a test in front of a
 * database of the embedded PostgreSQL, with a small pool so that a client's consecutive
 * transactions really do run on different server connections. Skipped when PgBouncer is missing,
 * saying how to install it; under {@code CI=true} (where {@code .ci/run} installs it) that fails.
 */
public final class PgBouncer implements AutoCloseable {
  private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+).*");

  private final Process process;
  private final Path dir;
  private final int port;

  private PgBouncer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** The pgbouncer binary, or a skip (a failure under CI) saying how to get it. */
  public static Path require() {
    Optional<Path> binary = Stream.concat(
            Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)),
            Stream.of("/usr/sbin", "/usr/local/sbin"))
        .map(d -> Path.of(d, "pgbouncer"))
        .filter(Files::isExecutable)
        .findFirst();
    if (binary.isPresent()) return binary.get();
    String message = "this test needs PgBouncer (apt-get install pgbouncer)";
    if ("true".equals(System.getenv("CI"))) throw new AssertionError(message + "; .ci/run installs it");
    Assumptions.abort(message + "; skipped");
    throw new IllegalStateException("unreachable");
  }

  /**
   * Starts PgBouncer in front of the database {@code postgresUrl} names, pooling its clients onto
   * {@code serverConnections} server connections per user and database.
   */
  public static PgBouncer start(String postgresUrl, int serverConnections) {
    Path binary = require();
    Matcher m = URL.matcher(postgresUrl);
    if (!m.matches()) throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + postgresUrl);
    try {
      Path dir = Files.createTempDirectory("pgbouncer");
      // Readable by everyone: as root, PgBouncer drops to nobody (it refuses to run as root).
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      int port = freePort();
      Files.writeString(dir.resolve("userlist.txt"), "\"postgres\" \"postgres\"\n");
      Files.writeString(dir.resolve("pgbouncer.ini"), String.join("\n",
          "[databases]",
          "longhaul = host=" + m.group(1) + " port=" + m.group(2) + " dbname=" + m.group(3),
          "[pgbouncer]",
          "listen_addr = 127.0.0.1",
          "listen_port = " + port,
          "unix_socket_dir =",
          "auth_type = trust",
          "auth_file = " + dir.resolve("userlist.txt"),
          "admin_users = postgres",
          "pool_mode = transaction",
          "default_pool_size = " + serverConnections,
          "max_client_conn = 500",
          // PgJDBC sends it at startup; PgBouncer would refuse the connection over it.
          "ignore_startup_parameters = extra_float_digits",
          ""));
      List<String> command = new ArrayList<>(List.of(binary.toString()));
      if ("root".equals(System.getProperty("user.name"))) command.addAll(List.of("-u", "nobody"));
      command.add(dir.resolve("pgbouncer.ini").toString());
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("pgbouncer.log").toFile())
          .start();
      PgBouncer bouncer = new PgBouncer(process, dir, port);
      bouncer.awaitListening();
      return bouncer;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start PgBouncer", e);
    }
  }

  /** A JDBC URL of the pooled database through this PgBouncer, as a user would configure it. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/longhaul?user=postgres&password=postgres";
  }

  /** PgBouncer's own log: what it did, and why it refused what it refused. */
  public String log() {
    try {
      return Files.readString(dir.resolve("pgbouncer.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("PgBouncer exited: " + log());
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    throw new IllegalStateException("PgBouncer did not listen on " + port + ": " + log());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM: PgBouncer exits at once
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
