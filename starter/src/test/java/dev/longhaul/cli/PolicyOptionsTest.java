package dev.longhaul.cli;

import static dev.longhaul.cli.CliErrorsTest.NO_SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad --sandbox, --approval, --writable or budget value is refused with one line, before
 * anything starts. No server answers here: a value checked too late would show as an attempt to
 * run the task in-process, or to reach the server.
 */
class PolicyOptionsTest {
  @TempDir Path home;
  @TempDir Path workspace;

  @Test
  void anUnknownSandboxMode_isRefusedListingTheValidOnes_onRunForkAndResume() {
    for (List<String> command : List.of(List.of("run", "hi"), List.of("fork", "t-1", "hi"), List.of("resume", "t-1"))) {
      Result result = longhaul(command, "--sandbox", "sealed");

      assertThat(result.exitCode()).as(command.toString()).isEqualTo(1);
      assertThat(result.err()).as(command.toString()).isEqualTo(
          "longhaul: unknown sandbox mode \"sealed\"; valid: read-only, workspace-write, danger-full-access\n");
    }
  }

  @Test
  void anUnknownApprovalPolicy_isRefusedListingTheValidOnes_onRunForkAndResume() {
    for (List<String> command : List.of(List.of("run", "hi"), List.of("fork", "t-1", "hi"), List.of("resume", "t-1"))) {
      Result result = longhaul(command, "--approval", "sometimes");

      assertThat(result.exitCode()).as(command.toString()).isEqualTo(1);
      assertThat(result.err()).as(command.toString()).isEqualTo(
          "longhaul: unknown approval policy \"sometimes\"; valid: untrusted, on-request, on-failure, never\n");
    }
  }

  @Test
  void aWritableDirectoryThatDoesNotExist_isRefusedWithItsAbsolutePath() {
    Path missing = workspace.resolve("cache");
    Result result = longhaul(List.of("run", "hi"), "--sandbox", "workspace-write", "--writable", missing.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("longhaul: the --writable directory does not exist: " + missing + "\n");
  }

  @Test
  void aWritablePathThatIsAFile_isRefused() throws Exception {
    Path file = Files.writeString(workspace.resolve("notes.txt"), "x");
    Result result = longhaul(List.of("run", "hi"), "--sandbox", "workspace-write", "--writable", file.toString());

    assertThat(result.err()).isEqualTo("longhaul: the --writable path is not a directory: " + file + "\n");
  }

  @Test
  void aWritableDirectoryInReadOnlyMode_isRefusedAsAContradiction() {
    Result result = longhaul(List.of("run", "hi"), "--sandbox", "read-only", "--writable", workspace.toString());

    assertThat(result.err()).isEqualTo("longhaul: --writable contradicts --sandbox read-only: use workspace-write\n");
  }

  /** Added to the worker's default mode, they would mean more or less than the user can see. */
  @Test
  void networkOrWritableWithoutASandboxMode_isRefused() {
    assertThat(longhaul(List.of("run", "hi"), "--network").err())
        .isEqualTo("longhaul: --network needs --sandbox workspace-write or read-only\n");
    assertThat(longhaul(List.of("fork", "t-1", "hi"), "--writable", workspace.toString()).err())
        .isEqualTo("longhaul: --writable needs --sandbox workspace-write\n");
  }

  @Test
  void aMaxCostThatIsNotAPositiveAmount_isRefused_onRunAndSend() {
    for (String bad : List.of("lots", "0", "-5", "NaN")) {
      for (List<String> command : List.of(List.of("run", "hi"), List.of("send", "t-1", "more"))) {
        Result result = longhaul(command, "--max-cost=" + bad);

        assertThat(result.exitCode()).as(command + " " + bad).isEqualTo(1);
        assertThat(result.err()).as(command + " " + bad).isEqualTo(
            "longhaul: --max-cost must be a positive amount of US dollars, like 5 or 2.50, not \"" + bad + "\"\n");
      }
    }
  }

  @Test
  void aMaxTokensThatIsNotAPositiveWholeNumber_isRefused_onRunAndSend() {
    for (String bad : List.of("many", "0", "1.5", "-3", "99999999999999999999")) {
      for (List<String> command : List.of(List.of("run", "hi"), List.of("send", "t-1", "more"))) {
        Result result = longhaul(command, "--max-tokens=" + bad);

        assertThat(result.err()).as(command + " " + bad).isEqualTo(
            "longhaul: --max-tokens must be a positive whole number, not \"" + bad + "\"\n");
      }
    }
  }

  @Test
  void aMaxDurationThatIsNotADuration_isRefused_onRunAndSend() {
    for (String bad : List.of("soon", "2 hours", "0m", "PT0S", "-PT1H", "5")) {
      for (List<String> command : List.of(List.of("run", "hi"), List.of("send", "t-1", "more"))) {
        Result result = longhaul(command, "--max-duration=" + bad);

        assertThat(result.err()).as(command + " " + bad).isEqualTo(
            "longhaul: --max-duration must be a positive duration like 45s, 90m, 2h, 1d or PT2H, not \"" + bad + "\"\n");
      }
    }
  }

  @Test
  void aBudgetOrPolicyOptionOnACommandThatTakesNone_isAUsageError() {
    assertThat(CliHarness.longhaul(NO_SERVER, home, "send", "--sandbox", "read-only", "t-1", "x").exitCode()).isEqualTo(2);
    assertThat(CliHarness.longhaul(NO_SERVER, home, "fork", "--max-cost", "5", "t-1", "x").exitCode()).isEqualTo(2);
  }

  /** {@code command} with {@code options} inserted after its name (and, for run, the workspace). */
  private Result longhaul(List<String> command, String... options) {
    List<String> args = new ArrayList<>();
    args.add(command.get(0));
    if (command.get(0).equals("run")) args.addAll(List.of("--workspace", workspace.toString()));
    args.addAll(List.of(options));
    args.addAll(command.subList(1, command.size()));
    return CliHarness.longhaul(NO_SERVER, home, args.toArray(String[]::new));
  }
}
