package dev.longhaul.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which host a worker is, for the tasks whose workspaces it holds.
 *
 * @param hostId the id tasks are bound to; its workers poll {@code longhaul-host-<id>}
 * @param workspaceRoot where workspaces restored on this host go, one directory per task
 * @param snapshotLimitBytes the largest workspace snapshot stored ({@code LONGHAUL_SNAPSHOT_LIMIT_MB})
 * @param hostTimeout how long a step waits on a host's queue before the host counts as gone and
 *     the task moves ({@code LONGHAUL_HOST_TIMEOUT}: {@code 120s}, {@code 2m}, {@code 1h})
 */
public record HostSettings(String hostId, Path workspaceRoot, long snapshotLimitBytes, Duration hostTimeout) {
  public static final long DEFAULT_SNAPSHOT_LIMIT_MB = 100;
  public static final Duration DEFAULT_HOST_TIMEOUT = Duration.ofMinutes(2);
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h)");

  /** This machine's host name, and workspaces under the system's temporary directory. */
  public static HostSettings defaults() {
    return new HostSettings(localHostName(), Path.of(System.getProperty("java.io.tmpdir"), "longhaul-workspaces"),
        DEFAULT_SNAPSHOT_LIMIT_MB * 1024 * 1024, DEFAULT_HOST_TIMEOUT);
  }

  /** The defaults, with the limit and timeout from {@code env}. */
  public static HostSettings fromEnvironment(Map<String, String> env) {
    HostSettings defaults = defaults();
    String limit = env.get("LONGHAUL_SNAPSHOT_LIMIT_MB");
    String timeout = env.get("LONGHAUL_HOST_TIMEOUT");
    return new HostSettings(defaults.hostId(), defaults.workspaceRoot(),
        limit == null ? defaults.snapshotLimitBytes() : megabytes(limit),
        timeout == null ? defaults.hostTimeout() : duration(timeout));
  }

  public HostSettings withHostId(String hostId) {
    return new HostSettings(hostId, workspaceRoot, snapshotLimitBytes, hostTimeout);
  }

  public HostSettings withWorkspaceRoot(Path root) {
    return new HostSettings(hostId, root, snapshotLimitBytes, hostTimeout);
  }

  public HostSettings withHostTimeout(Duration timeout) {
    return new HostSettings(hostId, workspaceRoot, snapshotLimitBytes, timeout);
  }

  public HostSettings withSnapshotLimitBytes(long bytes) {
    return new HostSettings(hostId, workspaceRoot, bytes, hostTimeout);
  }

  /** Whether {@code id} can name a host (and so a task queue): letters, digits, {@code . _ -}. */
  public static boolean validHostId(String id) {
    return id != null && id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  }

  private static long megabytes(String value) {
    try {
      long mb = Long.parseLong(value.strip());
      if (mb > 0) return mb * 1024 * 1024;
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new IllegalArgumentException(
        "LONGHAUL_SNAPSHOT_LIMIT_MB must be a positive whole number of megabytes, not \"" + value + "\"");
  }

  private static Duration duration(String value) {
    Matcher m = DURATION.matcher(value.strip());
    if (m.matches() && Long.parseLong(m.group(1)) > 0) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    throw new IllegalArgumentException(
        "LONGHAUL_HOST_TIMEOUT must be a positive duration such as 120s, 2m or 1h, not \"" + value + "\"");
  }

  private static String localHostName() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      if (validHostId(name)) return name;
    } catch (UnknownHostException fallThrough) {
      // below
    }
    return "localhost";
  }
}
