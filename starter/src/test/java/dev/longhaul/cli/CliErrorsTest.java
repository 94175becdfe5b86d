package dev.longhaul.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.cli.CliHarness.Result;
import dev.longhaul.workflow.TaskInput;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors that need no server: each is one line on stderr and a non-zero exit. */
class CliErrorsTest {
  /** Nothing listens on port 1: the server is unreachable. */
  static final Map<String, String> NO_SERVER = Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1", "OPENAI_API_KEY", "sk-x");

  @TempDir Path home;
  @TempDir Path workspace;

  @Test
  void anEmptyPrompt_isRefused() {
    Result result = CliHarness.longhaul(NO_SERVER, home, "run", "--workspace", workspace.toString(), "  ");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLine()).isEqualTo("longhaul: the prompt is empty");
  }

  @Test
  void aPromptOverTheLimit_isRefusedNamingTheLimit() {
    String huge = "x".repeat(TaskInput.MAX_PROMPT_CHARS + 1);
    Result result = CliHarness.longhaul(NO_SERVER, home, "run", "--workspace", workspace.toString(), huge);
    assertThat(result.errorLine()).isEqualTo("longhaul: the prompt is 262,145 characters; the limit is 262,144");
  }

  @Test
  void aMissingWorkspace_isRefused() {
    Path missing = workspace.resolve("missing");
    Result result = CliHarness.longhaul(NO_SERVER, home, "run", "--workspace", missing.toString(), "hi");
    assertThat(result.errorLine()).isEqualTo("longhaul: the workspace does not exist: " + missing);
  }

  @Test
  void aWorkspaceThatIsAFile_isRefused() throws Exception {
    Path file = Files.writeString(workspace.resolve("f.txt"), "x");
    Result result = CliHarness.longhaul(NO_SERVER, home, "run", "--workspace", file.toString(), "hi");
    assertThat(result.errorLine()).isEqualTo("longhaul: the workspace is not a directory: " + file);
  }

  @Test
  void aWorkerWithAWorkflowCacheOfNothing_isRefused() {
    Result result = CliHarness.longhaul(NO_SERVER, home, "worker", "--workflow-cache", "0");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLine()).isEqualTo("longhaul: --workflow-cache must be a positive number of workflows, not 0");
  }

  @Test
  void anUnreachableServer_isNamedWithWhatToDo() {
    Result result = CliHarness.longhaul(NO_SERVER, home, "status", "some-task");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLine())
        .isEqualTo("longhaul: cannot reach a Temporal server at 127.0.0.1:1: start one with `longhaul dev`, or set TEMPORAL_ADDRESS");
  }

  @Test
  void aConfiguredServerThatDoesNotAnswer_isNamed_andNotReplacedByADevStack() {
    Result result = CliHarness.longhaul(NO_SERVER, home, "run", "--workspace", workspace.toString(), "hi");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLine()).isEqualTo(
        "longhaul: cannot reach a Temporal server at 127.0.0.1:1 (set by TEMPORAL_ADDRESS or the client configuration):"
            + " start it, or unset it and `longhaul` starts its own dev stack, or run this task with --in-process");
  }

  @Test
  void detachInProcess_isRefused() {
    Result result = CliHarness.longhaul(NO_SERVER, home, "run", "--detach", "--in-process", "--workspace", workspace.toString(), "hi");
    assertThat(result.errorLine()).isEqualTo(
        "longhaul: --detach and --in-process exclude each other: a task run in-process ends with this command");
  }

  @Test
  void runningInProcessWithoutAnApiKey_isRefused() {
    Result result = CliHarness.longhaul(
        Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1"), home, "run", "--in-process", "--workspace", workspace.toString(), "hi");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err().lines().filter(l -> l.startsWith("longhaul: OPENAI_API_KEY")).toList())
        .containsExactly("longhaul: OPENAI_API_KEY is not set (provider openai-responses): export it, or set"
            + " OPENAI_BASE_URL to a Responses-compatible server");
  }

  @Test
  void aWorkerWithoutAnApiKey_isRefused() {
    Result result = CliHarness.longhaul(Map.of(), home, "worker");
    assertThat(result.errorLine()).startsWith("longhaul: OPENAI_API_KEY is not set");
  }

  @Test
  void aWorkerWhoseProviderHasNoKey_isRefused_namingTheVariable() {
    Result result = CliHarness.longhaul(
        Map.of("OPENAI_API_KEY", "sk-x", "LONGHAUL_PROVIDER", "anthropic"), home, "worker");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLine()).isEqualTo("longhaul: ANTHROPIC_API_KEY is not set (provider anthropic):"
        + " export it, or set ANTHROPIC_BASE_URL to an Anthropic-compatible server");
  }

  @Test
  void anUnknownProvider_isRefused_listingTheValidOnes() {
    String valid = "valid providers: openai-responses, openai-chat, anthropic";
    Result worker = CliHarness.longhaul(
        Map.of("OPENAI_API_KEY", "sk-x", "LONGHAUL_PROVIDER", "gemini"), home, "worker");
    Result run = CliHarness.longhaul(
        NO_SERVER, home, "run", "--provider", "gemini", "--workspace", workspace.toString(), "hi");
    Result send = CliHarness.longhaul(NO_SERVER, home, "send", "--provider", "claude", "lh-1", "go on");

    assertThat(worker.errorLine()).isEqualTo("longhaul: LONGHAUL_PROVIDER: unknown provider \"gemini\"; " + valid);
    assertThat(run.errorLine()).isEqualTo("longhaul: --provider: unknown provider \"gemini\"; " + valid);
    assertThat(send.errorLine()).isEqualTo("longhaul: --provider: unknown provider \"claude\"; " + valid);
    assertThat(List.of(worker.exitCode(), run.exitCode(), send.exitCode())).containsOnly(1);
  }

  @Test
  void anInvalidSetting_isNamedInOneLine() {
    Result result = CliHarness.longhaul(
        Map.of("OPENAI_API_KEY", "sk-x", "LONGHAUL_TOOL_OUTPUT_TOKENS", "lots"), home, "worker");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLine()).isEqualTo(
        "longhaul: invalid configuration: LONGHAUL_TOOL_OUTPUT_TOKENS must be a positive whole number, not \"lots\"");

    Result compaction = CliHarness.longhaul(
        Map.of("OPENAI_API_KEY", "sk-x", "LONGHAUL_COMPACTION", "sometimes"), home, "worker");
    assertThat(compaction.errorLine()).isEqualTo(
        "longhaul: invalid configuration: LONGHAUL_COMPACTION must be auto, remote or local, not \"sometimes\"");
  }

  @Test
  void aMetricsPortThatIsTaken_isNamedWithHowToChooseAnother() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Result result = CliHarness.longhaul(NO_SERVER, home, "worker", "--metrics-port", String.valueOf(port));
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.errorLine())
          .startsWith("longhaul: cannot serve metrics on 127.0.0.1:" + port + ": ")
          .endsWith(": choose another with --metrics-port or --metrics-host, or --metrics-port 0 for none");
    }
  }

  @Test
  void aMetricsPortOutOfRange_isRefused() {
    Result result = CliHarness.longhaul(NO_SERVER, home, "worker", "--metrics-port", "70000");
    assertThat(result.errorLine())
        .isEqualTo("longhaul: --metrics-port must be between 1 and 65535, or 0 for off, not 70000");
  }

  @Test
  void anInvalidTaskId_isRefused() {
    Result result = CliHarness.longhaul(NO_SERVER, home, "run", "--task-id", "bad id!", "--workspace", workspace.toString(), "hi");
    assertThat(result.errorLine()).startsWith("longhaul: invalid task id \"bad id!\"");
  }

  @Test
  void anUnknownCommand_isAUsageError() {
    Result result = CliHarness.longhaul(NO_SERVER, home, "frobnicate");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errorLine()).contains("frobnicate").contains("(see: longhaul --help)");
  }
}
