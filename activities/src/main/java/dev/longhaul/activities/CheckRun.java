package dev.longhaul.activities;

import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.tools.sandbox.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A best-of-N task's check command (`--check "mvn -q test"`) in one attempt's workspace, confined
 * as the task's shell calls are ({@link Sandbox#process}): its exit code and the end of its output.
 */
final class CheckRun {
  static final Duration LIMIT = Duration.ofHours(1);
  /** The end of the output is what says why a test run failed. */
  static final int TAIL_CHARS = 1_200;

  record Result(int exit, String tail) {}

  private final Sandbox sandbox;

  CheckRun(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  /**
   * @param heartbeat called about every second while the command runs; throws when the activity was
   *     cancelled, which kills the command
   */
  Result run(SandboxPolicy policy, Path workspace, String command, Runnable heartbeat) {
    ProcessBuilder builder = sandbox.process(policy, false, workspace, workspace, List.of("bash", "-lc", command));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new Result(127, "could not start the check: " + e.getMessage());
    }
    Tail tail = new Tail(TAIL_CHARS * 4);
    Thread reader = new Thread(() -> tail.drain(process.getInputStream()), "check-output");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + LIMIT.toNanos();
    try {
      while (!process.waitFor(1, TimeUnit.SECONDS)) {
        heartbeat.run();
        if (System.nanoTime() > deadline) {
          kill(process);
          return new Result(124, clip(tail.text()) + "\n(the check was stopped after " + LIMIT.toMinutes() + " minutes)");
        }
      }
      reader.join(2_000);
      return new Result(process.exitValue(), clip(tail.text()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the check ran", e);
    } finally {
      if (process.isAlive()) kill(process);
    }
  }

  private static String clip(String text) {
    return text.length() <= TAIL_CHARS ? text : "…" + text.substring(text.length() - TAIL_CHARS);
  }

  private static void kill(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
  }

  /** Keeps the last bytes of a stream. */
  private static final class Tail {
    private final int keep;
    private final StringBuilder text = new StringBuilder();

    Tail(int keep) {
      this.keep = keep;
    }

    void drain(InputStream in) {
      byte[] buffer = new byte[8192];
      try (in) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          synchronized (this) {
            text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            if (text.length() > keep * 2) text.delete(0, text.length() - keep);
          }
        }
      } catch (IOException e) {
        // The process was killed; what was read is the tail.
      }
    }

    synchronized String text() {
      return text.toString();
    }
  }
}
