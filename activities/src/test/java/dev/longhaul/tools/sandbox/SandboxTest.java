package dev.longhaul.tools.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bubblewrap command line, read as data; {@code SandboxedShellTest} runs it for real. */
class SandboxTest {
  private static final Map<String, String> WORKER_ENV =
      Map.of(
          "PATH", "/usr/bin:/bin", "LANG", "C.UTF-8", "HOME", "/home/worker",
          "OPENAI_API_KEY", "sk-canary-key", "LONGHAUL_DATABASE_URL", "jdbc:postgresql://h/db?password=canary-pw",
          "AWS_SECRET_ACCESS_KEY", "canary-aws");

  private final Path home;
  private final Path longhaulHome;
  private final Path workspace;
  private final Sandbox sandbox;

  SandboxTest(@TempDir Path temp) throws IOException {
    home = Files.createDirectories(temp.resolve("home")).toRealPath();
    longhaulHome = Files.createDirectories(temp.resolve("longhaul-home")).toRealPath();
    workspace = Files.createDirectories(home.resolve("ws")).toRealPath();
    sandbox = new Sandbox("bwrap", WORKER_ENV, home, longhaulHome);
  }

  private List<String> argv(SandboxPolicy policy) {
    return sandbox.command(policy, workspace, workspace, List.of("bash", "-lc", "make"));
  }

  @Test
  void environment_isTheAllowListedVariablesOfTheWorker_andNoOther() {
    assertThat(sandbox.environment())
        .isEqualTo(Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8", "HOME", "/home/worker"));
  }

  @Test
  void workspaceWrite_mountsRootReadOnly_thenMasksTmpAndBothHomes_thenBindsTheWorkspaceWritable() {
    List<String> argv = argv(SandboxPolicy.of(SandboxMode.WORKSPACE_WRITE));

    assertThat(argv.get(0)).isEqualTo("bwrap");
    assertInOrder(
        argv,
        List.of("--ro-bind", "/", "/"), List.of("--dev", "/dev"), List.of("--proc", "/proc"),
        List.of("--tmpfs", "/tmp"), List.of("--tmpfs", home.toString()),
        List.of("--tmpfs", longhaulHome.toString()),
        List.of("--bind", workspace.toString(), workspace.toString()),
        List.of("--chdir", workspace.toString()),
        List.of("--", "bash", "-lc", "make"));
    assertThat(argv)
        .contains("--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-net", "--die-with-parent",
            "--new-session", "--clearenv")
        .containsSubsequence("--cap-drop", "ALL")
        .containsSubsequence("--setenv", "LANG", "C.UTF-8");
  }

  @Test
  void readOnly_bindsTheWorkspaceReadOnly_andNoWritableDirectory() throws IOException {
    Path cache = Files.createDirectories(home.resolve("cache")).toRealPath();

    List<String> argv = argv(new SandboxPolicy(SandboxMode.READ_ONLY, false, List.of(cache.toString())));

    assertThat(argv).containsSubsequence("--ro-bind", workspace.toString(), workspace.toString());
    assertThat(argv).doesNotContain("--bind").doesNotContain(cache.toString());
  }

  @Test
  void writableDirectories_areBoundWritableAfterTheMasks() throws IOException {
    Path cache = Files.createDirectories(home.resolve("cache")).toRealPath();

    List<String> argv = argv(new SandboxPolicy(SandboxMode.WORKSPACE_WRITE, false, List.of(cache.toString())));

    assertInOrder(argv, List.of("--tmpfs", home.toString()), List.of("--bind", cache.toString(), cache.toString()));
  }

  @Test
  void networkAllowed_keepsTheWorkersNetworkNamespace() {
    assertThat(argv(new SandboxPolicy(SandboxMode.WORKSPACE_WRITE, true, List.of()))).doesNotContain("--unshare-net");
    assertThat(argv(new SandboxPolicy(SandboxMode.READ_ONLY, false, List.of()))).contains("--unshare-net");
  }

  @Test
  void theCommandLine_holdsNoSecret_sinceTheCommandCanReadItAsProc1Cmdline() {
    String argv = String.join(" ", argv(SandboxPolicy.of(SandboxMode.WORKSPACE_WRITE)));

    assertThat(argv).doesNotContain("canary").doesNotContain("OPENAI_API_KEY").doesNotContain("LONGHAUL_DATABASE_URL");
  }

  @Test
  void longhaulHomeInsideTheWorkspace_isMaskedAgainAfterTheWorkspaceIsBound() throws IOException {
    Path inside = Files.createDirectories(workspace.resolve(".longhaul")).toRealPath();
    Sandbox sandbox = new Sandbox("bwrap", WORKER_ENV, home, inside);

    List<String> argv = sandbox.command(SandboxPolicy.of(SandboxMode.WORKSPACE_WRITE), workspace, workspace, List.of("true"));

    assertInOrder(argv, List.of("--bind", workspace.toString(), workspace.toString()), List.of("--tmpfs", inside.toString()));
  }

  @Test
  void aWorkspaceThatIsLonghaulsHome_isRefused() {
    Sandbox sandbox = new Sandbox("bwrap", WORKER_ENV, home, workspace);

    assertThatThrownBy(() -> sandbox.command(SandboxPolicy.of(SandboxMode.READ_ONLY), workspace, workspace, List.of("true")))
        .hasMessageContaining("the workspace is Longhaul's home");
  }

  @Test
  void aWritableDirectoryThatDoesNotExist_isRefusedByName() {
    SandboxPolicy policy = new SandboxPolicy(SandboxMode.WORKSPACE_WRITE, false, List.of("/no/such/cache"));

    assertThatThrownBy(() -> argv(policy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the writable directory is not a directory on this worker: /no/such/cache");
  }

  @Test
  void dangerFullAccess_runsTheCommandDirectly_withTheAllowListedEnvironment() {
    ProcessBuilder process =
        sandbox.process(SandboxPolicy.of(SandboxMode.DANGER_FULL_ACCESS), false, workspace, workspace, List.of("bash", "-lc", "make"));

    assertThat(process.command()).containsExactly("bash", "-lc", "make");
    assertThat(process.environment()).isEqualTo(sandbox.environment());
  }

  @Test
  void anEscalatedCall_runsAsDangerFullAccess_evenWhereBubblewrapIsMissing() {
    Sandbox missing = new Sandbox("/no/such/bwrap", WORKER_ENV, home, longhaulHome);

    ProcessBuilder process =
        missing.process(SandboxPolicy.of(SandboxMode.READ_ONLY), true, workspace, workspace, List.of("true"));

    assertThat(process.command()).containsExactly("true");
  }

  @Test
  void withoutBubblewrap_theCheckFailsNamingThePackage_andAConfinedCommandIsRefused() {
    Sandbox missing = new Sandbox("/no/such/bwrap", WORKER_ENV, home, longhaulHome);

    SandboxCheck check = missing.check();

    assertThat(check.works()).isFalse();
    assertThat(check.problem())
        .isEqualTo("bubblewrap (bwrap) is not installed on this worker: install bubblewrap (apt-get install"
            + " bubblewrap); or run the task with --sandbox danger-full-access")
        .doesNotContain("\n");
    assertThatThrownBy(
            () -> missing.process(SandboxPolicy.of(SandboxMode.WORKSPACE_WRITE), false, workspace, workspace, List.of("true")))
        .isInstanceOf(SandboxUnavailableException.class)
        .hasMessage(check.problem());
  }

  @Test
  void aBubblewrapThatRunsButFails_isReportedAsNotWorking_inOneLine() {
    SandboxCheck check = new Sandbox("false", WORKER_ENV, home, longhaulHome).check();

    assertThat(check.works()).isFalse();
    assertThat(check.problem()).startsWith("bubblewrap (bwrap) does not work on this worker (exit code 1): ").doesNotContain("\n");
  }

  /** Each group of arguments appears, contiguous, after the one before. */
  @SafeVarargs
  private static void assertInOrder(List<String> argv, List<String>... groups) {
    int from = 0;
    for (List<String> group : groups) {
      int at = Collections.indexOfSubList(argv.subList(from, argv.size()), group);
      assertThat(at).as("%s after position %d in %s", group, from, argv).isNotNegative();
      from += at + group.size();
    }
  }
}
