package dev.longhaul.tools;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.tools.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs tools in a workspace directory the way the activity does, for the tool tests. Arguments are
 * JSON that may use single quotes, so that they read well inside Java strings: {@code "{'path':
 * 'a.txt'}"}.
 */
final class ToolHarness {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(JsonParser.Feature.ALLOW_SINGLE_QUOTES, true);

  /** The worker's sandbox, as the tool activity has it. */
  static final Sandbox SANDBOX = Sandbox.fromEnvironment(System.getenv());

  private final Workspace workspace;
  private final SandboxPolicy policy;

  /** Calls confined as a task is by default: workspace-write, network off. */
  ToolHarness(Path dir) {
    this(dir, SandboxPolicy.of(SandboxMode.WORKSPACE_WRITE));
  }

  ToolHarness(Path dir, SandboxPolicy policy) {
    this.workspace = new Workspace(dir);
    this.policy = policy;
  }

  /** The same workspace, its calls confined by {@code policy}. */
  ToolHarness with(SandboxPolicy policy) {
    return new ToolHarness(workspace.root(), policy);
  }

  /**
   * A workspace at {@code temp/ws} beside {@code temp/outside/secret.txt}, the file that tests of
   * escapes from the workspace try to reach; {@link #outside()} is that directory.
   */
  static ToolHarness besideASecret(Path temp) throws IOException {
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "secret\n");
    return new ToolHarness(Files.createDirectories(temp.resolve("ws")));
  }

  /** The workspace root, as a real path (symbolic links resolved). */
  Path dir() {
    return workspace.root();
  }

  /** The directory beside the workspace made by {@link #besideASecret}. */
  Path outside() {
    return dir().resolveSibling("outside");
  }

  Workspace workspace() {
    return workspace;
  }

  static JsonNode args(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad test arguments: " + json, e);
    }
  }

  /** A context whose heartbeat does nothing: the call is never cancelled. */
  ToolContext context() {
    return context(() -> {});
  }

  ToolContext context(Runnable heartbeat) {
    return new ToolContext(workspace, heartbeat, SANDBOX, policy, false);
  }

  ToolOutput run(Tool tool, String argsJson) throws ToolException {
    return run(tool, args(argsJson));
  }

  ToolOutput run(Tool tool, JsonNode arguments) throws ToolException {
    return tool.execute(arguments, context());
  }

  /** The text of a call that must succeed and not be marked failed. */
  String text(Tool tool, String argsJson) throws ToolException {
    ToolOutput output = run(tool, argsJson);
    assertFalse(output.failed(), output.text());
    return output.text();
  }

  /** The message of a call that must be refused with a {@link ToolException}. */
  String error(Tool tool, String argsJson) {
    return error(tool, args(argsJson));
  }

  String error(Tool tool, JsonNode arguments) {
    ToolContext context = context();
    return assertThrows(ToolException.class, () -> tool.execute(arguments, context)).getMessage();
  }

  /** Writes a file in the workspace, creating its parent directories. */
  Path write(String path, String text) {
    Path file = dir().resolve(path);
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String read(String path) {
    try {
      return Files.readString(dir().resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean exists(String path) {
    return Files.exists(dir().resolve(path));
  }
}
