package dev.longhaul.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.contract.CommandInfo;
import dev.longhaul.tools.sandbox.KnownSafeCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command with {@code bash -lc} in the workspace, confined as the task's sandbox says (see
 * {@link dev.longhaul.tools.sandbox.Sandbox}).
 */
public final class ShellTool implements Tool {
  static final long DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
  static final long MAX_TIMEOUT_MS = 110 * 60 * 1000; // inside the activity's 2 h limit
  private static final int CAPTURE_HALF_BYTES = 512 * 1024;

  static final String USE_DEFAULT = "use_default";
  static final String REQUIRE_ESCALATED = "require_escalated";
  /** A longer command is described by its head and a digest, so the workflow history stays small. */
  private static final int DESCRIBED_COMMAND_CHARS = 4_000;

  private static final JsonNode PARAMETERS =
      parse(
          """
          {"type": "object",
           "properties": {
             "command": {"type": "string", "description": "The command, run by bash -lc."},
             "workdir": {"type": "string", "description": "Directory to run in, relative to the workspace. Default: the workspace."},
             "timeout_ms": {"type": "integer", "description": "Kill the command after this many milliseconds. Default: 600000."},
             "sandbox_permissions": {"type": "string", "enum": ["use_default", "require_escalated"], "description": "require_escalated asks the user to run this command outside the sandbox (with network access and the worker's full file access). Default: use_default."},
             "justification": {"type": "string", "description": "With require_escalated: one sentence for the user on why the command needs to run outside the sandbox."}
           },
           "required": ["command"],
           "additionalProperties": false}
          """);

  @Override
  public String name() {
    return "shell";
  }

  @Override
  public String description() {
    return "Runs a shell command in the workspace and returns its exit code, wall time and"
        + " combined stdout and stderr. Standard input is empty. Use it to build, test, search"
        + " and inspect; edit files with apply_patch. It runs in the task's sandbox; to run a"
        + " command outside it, set sandbox_permissions to require_escalated with a justification,"
        + " and the user is asked.";
  }

  @Override
  public JsonNode parameters() {
    return PARAMETERS;
  }

  @Override
  public boolean readOnly() {
    return false;
  }

  @Override
  public String summarize(JsonNode arguments) {
    return "shell: " + arguments.path("command").asText("?");
  }

  /** The justification is given only when the call asks to leave the sandbox. */
  @Override
  public CommandInfo describeCommand(JsonNode arguments) {
    String command = arguments.path("command").asText("");
    String justification = escalationAsked(arguments) ? justification(arguments) : null;
    return new CommandInfo(
        described(command), arguments.path("workdir").asText("."),
        KnownSafeCommands.isKnownSafe(command), justification);
  }

  @Override
  public ToolOutput execute(JsonNode arguments, ToolContext context) throws ToolException {
    String command = arguments.path("command").asText("");
    if (command.isBlank()) throw new ToolException("shell: command is empty");
    Path dir = context.workspace().resolve(arguments.path("workdir").asText("."));
    if (!Files.isDirectory(dir)) throw new ToolException("shell: workdir is not a directory: " + dir);
    long timeoutMs = arguments.path("timeout_ms").asLong(DEFAULT_TIMEOUT_MS);
    if (timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS) {
      throw new ToolException("shell: timeout_ms must be between 1 and " + MAX_TIMEOUT_MS);
    }
    String permissions = arguments.path("sandbox_permissions").asText(USE_DEFAULT);
    if (!permissions.equals(USE_DEFAULT) && !permissions.equals(REQUIRE_ESCALATED)) {
      throw new ToolException("shell: sandbox_permissions must be use_default or require_escalated");
    }
    if (escalationAsked(arguments) && justification(arguments) == null) {
      throw new ToolException("shell: require_escalated needs a justification: say why the command must run outside the sandbox");
    }

    ProcessBuilder builder;
    try {
      builder =
          context.sandbox().process(
              context.policy(), context.escalated(), context.workspace().root(), dir,
              List.of("bash", "-lc", command));
    } catch (IllegalArgumentException e) {
      throw new ToolException("shell: " + e.getMessage());
    }

    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ToolException("shell: could not start " + builder.command().get(0) + ": " + e.getMessage(), e);
    }
    OutputCapture capture = new OutputCapture(CAPTURE_HALF_BYTES);
    Thread reader = new Thread(() -> drain(process, capture), "shell-output");
    reader.setDaemon(true);
    reader.start();
    boolean timedOut = false;
    try {
      while (!process.waitFor(1, TimeUnit.SECONDS)) {
        // Throws when the call is cancelled (an interrupt): the finally block kills the command.
        // Carries the output so far: if this worker dies, the next attempt reports it.
        context.heartbeat(progress(capture, started));
        if (System.nanoTime() - started > timeoutMs * 1_000_000) {
          timedOut = true;
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ToolException("shell: interrupted", e);
    } finally {
      if (process.isAlive()) kill(process);
    }
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // A process the command left in the background still holds the output open: stop reading
    // (the reader thread ends) and report what was read; the process itself is left running.
    if (reader.isAlive()) closeQuietly(process);
    double seconds = (System.nanoTime() - started) / 1e9;
    String output = capture.text();
    if (timedOut) {
      return ToolOutput.failed(
          "Command timed out after " + timeoutMs + " ms and was killed.\nWall time: "
              + String.format("%.1f", seconds) + " seconds\nOutput:\n" + output);
    }
    int exit = process.exitValue();
    String text =
        "Exit code: " + exit + "\nWall time: " + String.format("%.1f", seconds)
            + " seconds\nOutput:\n" + output;
    return exit == 0 ? ToolOutput.ok(text) : ToolOutput.failed(text);
  }

  /** The end of the output so far and how long the command has run, for a heartbeat. */
  private static ToolProgress progress(OutputCapture capture, long started) {
    return new ToolProgress(
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
        capture.last(ToolProgress.OUTPUT_BYTES));
  }

  private static boolean escalationAsked(JsonNode arguments) {
    return arguments.path("sandbox_permissions").asText(USE_DEFAULT).equals(REQUIRE_ESCALATED);
  }

  private static String justification(JsonNode arguments) {
    String text = arguments.path("justification").asText("").strip();
    return text.isEmpty() ? null : text;
  }

  /**
   * The command as the workflow records it for the approval: whole, or when very long its head and
   * a digest of all of it, so that two commands alike in their head are never taken for the same.
   */
  static String described(String command) {
    if (command.length() <= DESCRIBED_COMMAND_CHARS) return command;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(command.getBytes(StandardCharsets.UTF_8));
      return command.substring(0, DESCRIBED_COMMAND_CHARS) + "… [" + (command.length() - DESCRIBED_COMMAND_CHARS)
          + " more characters; sha256 " + HexFormat.of().formatHex(digest) + "]";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /**
   * Kills the command and everything it started. The children are listed first (once bash is
   * gone they are reparented and no longer its descendants) and killed after bash, so bash does
   * not report their deaths into the output. A confined command's bwrap is the process: killing
   * it kills the sandbox's PID namespace (--die-with-parent), whatever its processes did.
   */
  private static void kill(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Process process) {
    try {
      process.getInputStream().close();
    } catch (IOException ignored) {
      // nothing more to read either way
    }
  }

  private static void drain(Process process, OutputCapture capture) {
    try {
      capture.drain(process.getInputStream());
    } catch (IOException closed) {
      // the process was killed; what was read so far is kept
    }
  }

  private static JsonNode parse(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
