package dev.longhaul.tools.sandbox;

import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether bubblewrap works on this worker: it runs {@code true} confined exactly as a command
 * would be, with the workspace a fresh temporary directory.
 *
 * @param problem one line naming what to install or change; null when it works
 */
public record SandboxCheck(boolean works, String problem) {
  static final String INSTALL = "install bubblewrap (apt-get install bubblewrap)";
  private static final long TIMEOUT_SECONDS = 20;

  public static SandboxCheck working() {
    return new SandboxCheck(true, null);
  }

  static SandboxCheck run(Sandbox sandbox) {
    Path workspace = null;
    try {
      workspace = Files.createTempDirectory("longhaul-sandbox-check");
      List<String> argv =
          sandbox.command(SandboxPolicy.of(SandboxMode.WORKSPACE_WRITE), workspace, workspace, List.of("true"));
      // Started as an unconfined command is: with the allow-listed environment, nothing else.
      Process process = sandbox.process(SandboxPolicy.of(SandboxMode.DANGER_FULL_ACCESS), false, workspace, workspace, argv).start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return failed("bubblewrap (bwrap) did not finish within " + TIMEOUT_SECONDS + " s on this worker");
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (process.exitValue() == 0) return working();
      String reason = output.isEmpty() ? "exit code " + process.exitValue() : output.lines().findFirst().orElse("");
      return failed("bubblewrap (bwrap) does not work on this worker (" + reason + "): it needs user"
          + " namespaces (kernel.unprivileged_userns_clone=1; in a container, a seccomp and AppArmor"
          + " profile that allow them) or a setuid bwrap");
    } catch (IOException e) {
      if (workspace == null) return failed("no temporary directory for the check of bubblewrap: " + e.getMessage());
      return failed("bubblewrap (bwrap) is not installed on this worker: " + INSTALL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed("the check of bubblewrap (bwrap) was interrupted");
    } finally {
      if (workspace != null) workspace.toFile().delete();
    }
  }

  private static SandboxCheck failed(String problem) {
    return new SandboxCheck(false, problem + "; or run the task with --sandbox danger-full-access");
  }
}
