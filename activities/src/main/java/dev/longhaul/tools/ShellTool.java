package dev.longhaul.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command with {@code bash -lc} in the workspace. */
public final class ShellTool implements Tool {
  static final long DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
  static final long MAX_TIMEOUT_MS = 110 * 60 * 1000; // inside the activity's 2 h limit
  private static final int CAPTURE_HALF_BYTES = 512 * 1024;

  /** Variables of the worker that a command must not see. */
  private static final String[] HIDDEN_ENV = {"OPENAI_API_KEY", "LONGHAUL_DATABASE_URL"};

  private static final JsonNode PARAMETERS =
      parse(
          """
          {"type": "object",
           "properties": {
             "command": {"type": "string", "description": "The command, run by bash -lc."},
             "workdir": {"type": "string", "description": "Directory to run in, relative to the workspace. Default: the workspace."},
             "timeout_ms": {"type": "integer", "description": "Kill the command after this many milliseconds. Default: 600000."}
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
        + " and inspect; edit files with apply_patch.";
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

    ProcessBuilder builder =
        new ProcessBuilder("bash", "-lc", command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = builder.environment();
    for (String name : HIDDEN_ENV) env.remove(name);

    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ToolException("shell: could not start bash: " + e.getMessage(), e);
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

  /**
   * Kills the command and everything it started. The children are listed first (once bash is
   * gone they are reparented and no longer its descendants) and killed after bash, so bash does
   * not report their deaths into the output.
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
