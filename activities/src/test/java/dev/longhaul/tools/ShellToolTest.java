package dev.longhaul.tools;

import static dev.longhaul.tools.ToolHarness.args;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.longhaul.contract.CommandInfo;
import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ShellToolTest {
  private static final Pattern OMITTED =
      Pattern.compile("\n\\[… (\\d+) bytes of output omitted …]\n");

  private final ToolHarness ws;
  private final ShellTool tool = new ShellTool();

  ShellToolTest(@TempDir Path dir) {
    ws = new ToolHarness(dir);
  }

  /** Arguments built rather than parsed: commands are full of quotes and backslashes. */
  private static ObjectNode command(String command) {
    return JsonNodeFactory.instance.objectNode().put("command", command);
  }

  private ToolOutput run(String command) throws ToolException {
    return ws.run(tool, command(command));
  }

  /** The command's output: what follows the exit code and wall time. */
  private static String outputOf(ToolOutput result) {
    String text = result.text();
    int at = text.indexOf("\nOutput:\n");
    assertThat(at).as("output section in %s", text).isNotNegative();
    return text.substring(at + "\nOutput:\n".length());
  }

  @Test
  void command_thatSucceeds_reportsExitCodeZeroAndItsOutput() throws Exception {
    ToolOutput result = run("echo hello from the shell");

    assertThat(result.failed()).isFalse();
    assertThat(result.text()).startsWith("Exit code: 0\n").contains("Wall time: ");
    assertThat(outputOf(result)).isEqualTo("hello from the shell\n");
  }

  @Test
  void command_thatExitsNonZero_isReportedAsFailedWithItsExitCode() throws Exception {
    ToolOutput result = run("echo about to fail; exit 3");

    assertThat(result.failed()).isTrue();
    assertThat(result.text()).startsWith("Exit code: 3\n");
    assertThat(outputOf(result)).isEqualTo("about to fail\n");
  }

  @Test
  void standardError_isMergedIntoTheOutputInTheOrderItWasWritten() throws Exception {
    ToolOutput result = run("echo to-stdout; echo to-stderr >&2; echo stdout-again");

    assertThat(outputOf(result)).isEqualTo("to-stdout\nto-stderr\nstdout-again\n");
  }

  @Test
  void workdir_runsTheCommandInThatDirectoryOfTheWorkspace() throws Exception {
    Files.createDirectories(ws.dir().resolve("sub/deeper"));

    ToolOutput result =
        ws.run(tool, command("pwd -P; touch made-here").put("workdir", "sub/deeper"));

    assertThat(outputOf(result)).isEqualTo(ws.dir().resolve("sub/deeper") + "\n");
    assertThat(ws.exists("sub/deeper/made-here")).isTrue();
    assertThat(ws.exists("made-here")).isFalse();
  }

  @Test
  void command_withoutWorkdir_runsAtTheWorkspaceRoot() throws Exception {
    assertThat(outputOf(run("pwd -P"))).isEqualTo(ws.dir() + "\n");
  }

  @Test
  void workdir_outsideTheWorkspace_isRefusedWithoutRunningTheCommand() {
    String message = ws.error(tool, command("touch escaped").put("workdir", ".."));

    assertThat(message).contains("outside the workspace");
    assertThat(ws.dir().resolveSibling("escaped")).doesNotExist();
  }

  @Test
  void workdir_thatIsAFile_isRefused() {
    ws.write("a.txt", "x");

    assertThat(ws.error(tool, command("true").put("workdir", "a.txt")))
        .contains("workdir is not a directory");
  }

  @Test
  void blankOrMissingCommand_isRefused() {
    assertThat(ws.error(tool, "{'command': '   '}")).isEqualTo("shell: command is empty");
    assertThat(ws.error(tool, "{}")).isEqualTo("shell: command is empty");
  }

  @Test
  void timeoutOutOfRange_isRefusedWithoutRunningTheCommand() {
    for (long timeout : new long[] {0, -5, ShellTool.MAX_TIMEOUT_MS + 1}) {
      String message = ws.error(tool, command("touch ran").put("timeout_ms", timeout));

      assertThat(message).as("timeout_ms %d", timeout).contains("timeout_ms must be between 1 and");
    }
    assertThat(ws.exists("ran")).isFalse();
  }

  /**
   * Confined, the command's processes are seen by the worker under other pids than their own
   * {@code $!}: the kill tests find them by a unique command line instead.
   */
  @ParameterizedTest
  @EnumSource(value = SandboxMode.class, names = {"WORKSPACE_WRITE", "DANGER_FULL_ACCESS"})
  void command_thatOutlivesItsTimeout_isKilledWithItsChildrenAndReportedAsTimedOut(SandboxMode mode)
      throws Exception {
    // bash waits on a background sleep that would outlive the test run if it were left behind.
    String sleep = uniqueSleep(30);
    ToolOutput result =
        ws.with(SandboxPolicy.of(mode)).run(
            tool,
            command("echo started; " + sleep + " & wait").put("timeout_ms", 1500));

    assertThat(result.failed()).isTrue();
    assertThat(result.text()).startsWith("Command timed out after 1500 ms and was killed.");
    assertThat(outputOf(result)).isEqualTo("started\n");
    assertNoProcessRuns(sleep);
  }

  @ParameterizedTest
  @EnumSource(value = SandboxMode.class, names = {"WORKSPACE_WRITE", "DANGER_FULL_ACCESS"})
  void cancelledCall_propagatesTheHeartbeatsExceptionAndKillsTheCommandAndItsChildren(SandboxMode mode)
      throws Exception {
    // The heartbeat is called about once a second; the third call throws, as a cancelled
    // activity's heartbeat does, about 3 s in. The child would leave its marker at 5 s.
    RuntimeException cancelled = new IllegalStateException("activity cancelled");
    AtomicInteger beats = new AtomicInteger();
    ToolContext context =
        ws.with(SandboxPolicy.of(mode)).context(
            () -> {
              if (beats.incrementAndGet() > 2) throw cancelled;
            });
    long started = System.nanoTime();
    String sleep = uniqueSleep(5);

    assertThatThrownBy(
            () ->
                tool.execute(
                    command("(" + sleep + "; touch late) & wait"), context))
        .isSameAs(cancelled);

    assertThat(beats.get()).isEqualTo(3);
    assertNoProcessRuns(sleep);
    // Give a surviving child every chance to write its marker before looking for it.
    long markerDue = started + TimeUnit.SECONDS.toNanos(6);
    while (System.nanoTime() < markerDue) Thread.sleep(100);
    assertThat(ws.dir().resolve("late")).doesNotExist();
  }

  @Test
  void heartbeats_carryTheOutputSoFarAndTheTimeElapsed() throws Exception {
    List<ToolProgress> beats = new CopyOnWriteArrayList<>();
    ToolContext context = new ToolContext(ws.workspace(), () -> {}, beats::add, ToolHarness.SANDBOX,
        SandboxPolicy.of(SandboxMode.WORKSPACE_WRITE), false);

    tool.execute(command("echo first; sleep 1.5; echo second; sleep 2"), context);

    assertThat(beats).extracting(ToolProgress::output)
        .contains("first\n")
        .last().isEqualTo("first\nsecond\n");
    assertThat(beats).extracting(ToolProgress::elapsedSeconds).isSorted();
    assertThat(beats.get(beats.size() - 1).elapsedSeconds()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void heartbeats_carryOnlyTheEndOfALargeOutput() throws Exception {
    List<ToolProgress> beats = new CopyOnWriteArrayList<>();
    ToolContext context = new ToolContext(ws.workspace(), () -> {}, beats::add, ToolHarness.SANDBOX,
        SandboxPolicy.of(SandboxMode.WORKSPACE_WRITE), false);

    tool.execute(command("head -c 100000 /dev/zero | tr '\\0' x; echo; echo END; sleep 1.5"), context);

    String last = beats.get(beats.size() - 1).output();
    assertThat(last)
        .startsWith("[… " + (100_005 - ToolProgress.OUTPUT_BYTES) + " earlier bytes not shown …]\nxxx")
        .endsWith("xxx\nEND\n");
    assertThat(utf8Length(last)).isLessThan(ToolProgress.OUTPUT_BYTES + 100);
  }

  @Test
  void hugeOutput_isCutToItsHeadAndTailWithTheOmittedByteCount() throws Exception {
    ToolOutput result =
        run("echo FIRST-LINE; head -c 50000000 /dev/zero | tr '\\0' x; echo; echo LAST-LINE");
    long printed = "FIRST-LINE\n".length() + 50_000_000L + "\n".length() + "LAST-LINE\n".length();

    assertThat(result.failed()).isFalse();
    assertThat(result.text().length()).isLessThan(2_000_000);
    String output = outputOf(result);
    assertThat(output).startsWith("FIRST-LINE\nxxxx").endsWith("xxxx\nLAST-LINE\n");
    Matcher marker = OMITTED.matcher(output);
    assertThat(marker.find()).as("omission marker").isTrue();
    // What was kept and what was omitted add up to all that the command printed.
    long kept = utf8Length(output) - utf8Length(marker.group());
    assertThat(Long.parseLong(marker.group(1)) + kept).isEqualTo(printed);
  }

  @Test
  void standardInput_isEmpty_soACommandReadingItReturnsAtOnce() throws Exception {
    // With the worker's stdin inherited or left as an open pipe, cat would wait until the timeout.
    ToolOutput result = ws.run(tool, command("cat; echo read-all").put("timeout_ms", 20_000));

    assertThat(result.failed()).as(result.text()).isFalse();
    assertThat(outputOf(result)).isEqualTo("read-all\n");
  }

  @ParameterizedTest
  @EnumSource(SandboxMode.class)
  void command_seesOnlyTheAllowListedVariablesOfTheWorker_inEveryMode(SandboxMode mode) throws Exception {
    // In a confined mode, the routes around the environment too: the parent's environ (bwrap's),
    // every process's, the worker's by its real pid, and the rev trick past output redaction.
    String command =
        mode.confined()
            ? "env; cat /proc/$PPID/environ | tr '\\0' '\\n' | grep -i key | rev; cat /proc/1/environ;"
                + " for p in /proc/[0-9]*; do cat $p/environ $p/cmdline; done; cat /proc/WORKER_PID/environ; echo PROBED"
            : "env; echo PROBED";

    String printed = probe(mode, command);

    assertThat(printed)
        .contains("LANG=C.UTF-8")
        .contains("PROBED")
        .doesNotContain("canary")
        .doesNotContain("yranac") // backwards
        .doesNotContain("OPENAI_API_KEY")
        .doesNotContain("LONGHAUL_DATABASE_URL")
        .doesNotContain("LONGHAUL_PROBE_HIDDEN");
  }

  /**
   * The output of {@code command} run by the tool in a worker whose environment holds secrets. The
   * test JVM's own environment cannot be changed, so a child JVM is given them and runs the tool;
   * LANG is on the allow-list and gets through.
   */
  private String probe(SandboxMode mode, String command) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                EnvProbe.class.getName(),
                ws.dir().toString(),
                mode.name(),
                command)
            .redirectErrorStream(true);
    builder.environment().put("OPENAI_API_KEY", "canary-openai-key");
    builder.environment().put("LONGHAUL_DATABASE_URL", "canary-database-url");
    builder.environment().put("LONGHAUL_PROBE_HIDDEN", "canary-hidden");
    builder.environment().put("LANG", "C.UTF-8");
    Process probe = builder.start();
    String printed = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(probe.exitValue()).as(printed).isZero();
    return printed;
  }

  /** Runs a command through the tool in the workspace and the mode given as arguments, and prints what it printed. */
  static final class EnvProbe {
    public static void main(String[] args) throws Exception {
      String command = args[2].replace("WORKER_PID", Long.toString(ProcessHandle.current().pid()));
      ToolOutput result =
          new ShellTool()
              .execute(
                  command(command),
                  new ToolHarness(Path.of(args[0]), SandboxPolicy.of(SandboxMode.valueOf(args[1]))).context());
      System.out.print(result.text());
    }
  }

  @Test
  void requireEscalated_withoutAJustification_isRefusedWithoutRunningTheCommand() {
    String message = ws.error(tool, command("touch ran").put("sandbox_permissions", "require_escalated"));

    assertThat(message).startsWith("shell: require_escalated needs a justification");
    assertThat(ws.exists("ran")).isFalse();
    assertThat(ws.error(tool, command("true").put("sandbox_permissions", "root")))
        .isEqualTo("shell: sandbox_permissions must be use_default or require_escalated");
  }

  @Test
  void requireEscalated_thatWasNotApproved_runsInsideTheSandbox() throws Exception {
    ToolOutput result =
        ws.with(SandboxPolicy.of(SandboxMode.READ_ONLY))
            .run(tool, command("touch ran").put("sandbox_permissions", "require_escalated").put("justification", "To write."));

    assertThat(result.failed()).isTrue();
    assertThat(ws.exists("ran")).isFalse();
  }

  @Test
  void describeCommand_givesTheCommandWorkdirWhetherItIsKnownSafe_andTheJustificationOnlyWhenEscalating() {
    assertThat(tool.describeCommand(command("git status").put("workdir", "src")))
        .isEqualTo(new CommandInfo("git status", "src", true, null));
    assertThat(tool.describeCommand(command("rm -rf build").put("justification", "ignored without escalation")))
        .isEqualTo(new CommandInfo("rm -rf build", ".", false, null));
    assertThat(
            tool.describeCommand(
                command("curl https://example.com").put("sandbox_permissions", "require_escalated").put("justification", " The network. ")))
        .isEqualTo(new CommandInfo("curl https://example.com", ".", false, "The network."));
  }

  @Test
  void aVeryLongCommand_isDescribedByItsHeadAndADigest_soTwoAlikeInTheirHeadDiffer() {
    String head = "echo " + "x".repeat(5_000);

    String first = tool.describeCommand(command(head + " one")).command();
    String second = tool.describeCommand(command(head + " two")).command();

    assertThat(first).hasSizeLessThan(4_200).contains("sha256 ").isNotEqualTo(second);
  }

  @Test
  void summary_showsTheCommand() {
    assertThat(tool.summarize(args("{'command': 'mvn -q test'}"))).isEqualTo("shell: mvn -q test");
    assertThat(tool.name()).isEqualTo("shell");
    assertThat(tool.readOnly()).isFalse();
  }

  private static long utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** {@code sleep N.dddd}: a command line no other process on the machine has. */
  private static String uniqueSleep(int seconds) {
    return "sleep " + seconds + "." + (1000 + ThreadLocalRandom.current().nextInt(9000));
  }

  /** Waits a little for every process running {@code commandLine} to be gone, since the kill is not instantaneous. */
  static void assertNoProcessRuns(String commandLine) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!running(commandLine).isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
    assertThat(running(commandLine)).as("processes running %s", commandLine).isEmpty();
  }

  private static List<String> running(String commandLine) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .flatMap(p -> p.info().commandLine().stream())
        .filter(line -> line.contains(commandLine))
        .toList();
  }
}
