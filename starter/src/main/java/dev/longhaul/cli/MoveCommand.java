package dev.longhaul.cli;

import dev.longhaul.contract.HostBinding;
import dev.longhaul.store.HostStore;
import dev.longhaul.worker.HostSettings;
import dev.longhaul.workflow.MoveRequest;
import dev.longhaul.workflow.Progress;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "move", mixinStandardHelpOptions = true,
    description = {
      "Moves a task's workspace to another host: a snapshot on its host, restored under the",
      "other host's workspace root; the task's tools run there from then on."
    })
final class MoveCommand implements Callable<Integer> {
  /**
   * A host not seen for this long has no live worker, where the server cannot list pollers:
   * running workers mark their host as seen every 20 s.
   */
  private static final Duration SEEN_WITHIN = Duration.ofSeconds(60);

  /** How long to wait for the move to show before saying it will happen at the next step. */
  private static final long WAIT_MILLIS = 60_000;

  @ParentCommand Longhaul parent;

  @Parameters(paramLabel = "ID")
  String taskId;

  @Option(names = "--to", paramLabel = "HOST", required = true, description = "The host id to move to.")
  String host;

  @Override
  public Integer call() throws InterruptedException {
    Cli cli = parent.cli;
    if (!HostSettings.validHostId(host)) throw new CliException("not a host id: \"" + host + "\"");
    try (Connection connection = Connection.open(cli.endpoints())) {
      Tasks tasks = connection.tasks();
      Progress progress = tasks.progress(taskId);
      if (progress.host() == null) {
        throw new CliException("task " + taskId + " started before hosts and runs on any worker: it cannot move");
      }
      if (progress.host().equals(host)) throw new CliException("task " + taskId + " is on host " + host + " already");
      requireLiveHost(connection);
      tasks.workflow(taskId).move(new MoveRequest(host));
      long deadline = System.currentTimeMillis() + WAIT_MILLIS;
      while (System.currentTimeMillis() < deadline) {
        Progress now = tasks.progress(taskId);
        if (host.equals(now.host())) {
          cli.note("task " + taskId + " moved to host " + host);
          return 0;
        }
        if (now.moveError() != null) throw new CliException("task " + taskId + ": " + now.moveError());
        Thread.sleep(200);
      }
      cli.note("task " + taskId + " moves to host " + host + " at its next step");
      return 0;
    }
  }

  /** A host no worker has run as is unknown; a known one needs a worker polling its queue now. */
  private void requireLiveHost(Connection connection) {
    HostStore hosts = new HostStore(connection.requireDatabase());
    var known = hosts.host(host);
    if (known.isEmpty()) {
      String ids = hosts.hosts().stream().map(HostStore.Host::hostId).collect(Collectors.joining(", "));
      throw new CliException("unknown host id " + host + ": no worker has run with --host-id " + host
          + (ids.isEmpty() ? "" : " (known: " + ids + ")"));
    }
    Instant lastSeen = known.get().lastSeen();
    int pollers;
    try {
      pollers = connection.service().blockingStub().describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
          .setNamespace(connection.endpoints().namespace())
          .setTaskQueue(TaskQueue.newBuilder().setName(HostBinding.queue(host)))
          .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)
          .build()).getPollersCount();
    } catch (StatusRuntimeException e) {
      // A server that cannot tell (Temporal's Java test server): the store's last seen must do.
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) throw e;
      pollers = lastSeen.isAfter(Instant.now().minus(SEEN_WITHIN)) ? 1 : 0;
    }
    if (pollers == 0) {
      throw new CliException("no worker of host " + host + " is running (last seen " + lastSeen.truncatedTo(ChronoUnit.SECONDS)
          + "): start `longhaul worker --host-id " + host + "` there first");
    }
  }
}
