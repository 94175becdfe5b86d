package dev.longhaul.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes a child process end with the JVM that started it, even when the JVM is SIGKILLed and no
 * shutdown hook runs: on Linux, util-linux's {@code setpriv --pdeathsig TERM} asks the kernel to
 * send the child SIGTERM when its parent thread ends. Where that is unavailable (macOS, an old
 * util-linux) the child is started as is; the next {@code longhaul dev} stops what a killed one
 * left behind.
 */
final class ParentDeath {
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static List<String> prefix;

  private ParentDeath() {}

  /** What to put before a command so that it ends with this JVM; empty when nothing can. */
  static synchronized List<String> prefix() {
    if (prefix == null) prefix = works() ? List.of(SETPRIV.toString(), "--pdeathsig", "TERM", "--") : List.of();
    return prefix;
  }

  private static boolean works() {
    if (!Files.isExecutable(SETPRIV)) return false;
    try {
      Process probe = new ProcessBuilder(SETPRIV.toString(), "--pdeathsig", "TERM", "--", "true")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return probe.waitFor(5, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
