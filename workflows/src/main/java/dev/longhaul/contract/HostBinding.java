package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;

/**
 * A task bound to a host.
 *
 * @param host the host id of the worker that bound it; its queue is {@link #queue(String)}
 * @param workspace the workspace's path on that host
 * @param hostTimeout how long a step may wait on the host's queue before the host counts as gone
 *     (the worker's {@code LONGHAUL_HOST_TIMEOUT})
 * @param snapshot the snapshot taken (the baseline when binding, the restored one when moving)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostBinding(String host, String workspace, Duration hostTimeout, SnapshotResult snapshot) {
  /** The task queue only the workers of {@code host} poll. */
  public static String queue(String host) {
    return "longhaul-host-" + host;
  }
}
