package dev.longhaul.cli;

import dev.longhaul.worker.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The processes of a dev stack running on a Longhaul home, for tests that kill or clean them up. */
final class DevProcesses {
  private DevProcesses() {}

  /**
   * The whole stack: the {@code longhaul dev} JVM and its descendants (the Temporal CLI's dev
   * server), found before anything is killed, and the PostgreSQL it started, which runs detached.
   */
  static List<ProcessHandle> of(Path home) {
    List<ProcessHandle> all = new ArrayList<>();
    DevRecord.readAny(home).flatMap(r -> ProcessHandle.of(r.pid())).ifPresent(jvm -> {
      all.add(jvm);
      all.addAll(jvm.descendants().toList());
    });
    postgres(home).ifPresent(all::add);
    return all;
  }

  /** SIGKILLs all of them at once, as a lost machine would end them, and waits until they are gone. */
  static List<ProcessHandle> killAll(Path home) {
    List<ProcessHandle> stack = of(home);
    stack.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : stack) {
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("still alive after SIGKILL: " + p.pid(), e);
      }
    }
    return stack;
  }

  static Optional<ProcessHandle> postgres(Path home) {
    Path pidFile = home.resolve("postgres").resolve("postmaster.pid");
    try {
      if (!Files.exists(pidFile)) return Optional.empty();
      return ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A frontend port whose UI port (+1000) is free too, as {@code longhaul dev} picks them by default. */
  static int freeDevPort() {
    for (int i = 0; i < 50; i++) {
      int port = Ports.free();
      if (port + 1000 < 65536 && Ports.isFree(port + 1000)) return port;
    }
    throw new IllegalStateException("no free pair of ports");
  }
}
