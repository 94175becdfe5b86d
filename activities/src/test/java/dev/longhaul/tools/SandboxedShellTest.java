package dev.longhaul.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import dev.longhaul.tools.sandbox.Sandbox;
import dev.longhaul.tools.sandbox.SandboxCheck;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each sandbox mode's allow/deny matrix, on real bubblewrap: what a {@code shell} call can write,
 * reach and read. The workspace lies in {@code /tmp} (JUnit's temporary directory), which the
 * sandbox masks, so these also show that a workspace there stays visible.
 */
class SandboxedShellTest {
  private static final String KEY = "sk-canary-0123456789";
  private static final String STORE_PASSWORD = "canary-store-password";
  private static final SandboxPolicy READ_ONLY = SandboxPolicy.of(SandboxMode.READ_ONLY);
  private static final SandboxPolicy WORKSPACE_WRITE = SandboxPolicy.of(SandboxMode.WORKSPACE_WRITE);
  private static final SandboxPolicy FULL_ACCESS = SandboxPolicy.of(SandboxMode.DANGER_FULL_ACCESS);

  private final ShellTool shell = new ShellTool();
  private final Path workspace;
  private final Path outside;
  private final Path longhaulHome;
  /** The worker's sandbox, its environment holding the API key as a worker's does. */
  private final Sandbox sandbox;

  @BeforeAll
  static void requireBubblewrap() {
    assumeTrue(installed("bwrap"), "bubblewrap (bwrap) is not installed here: apt-get install bubblewrap");
    SandboxCheck check = ToolHarness.SANDBOX.check();
    assertThat(check.works()).as("bubblewrap is installed but does not work: %s", check.problem()).isTrue();
  }

  SandboxedShellTest(@TempDir Path temp) throws IOException {
    workspace = Files.createDirectories(temp.resolve("ws")).toRealPath();
    outside = Files.createDirectories(temp.resolve("outside")).toRealPath();
    longhaulHome = Files.createDirectories(temp.resolve("longhaul-home")).toRealPath();
    Files.writeString(longhaulHome.resolve("dev.json"), "{\"databaseUrl\": \"jdbc:postgresql://localhost/x?password=" + STORE_PASSWORD + "\"}");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("OPENAI_API_KEY", KEY);
    env.put("LONGHAUL_DATABASE_URL", "jdbc:postgresql://localhost/x?password=" + STORE_PASSWORD);
    sandbox = new Sandbox("bwrap", env, Path.of(System.getProperty("user.home")), longhaulHome);
  }

  // ---- writing ----

  @Test
  void workspaceWrite_writesInsideTheWorkspace() throws Exception {
    String out = run(WORKSPACE_WRITE, "mkdir -p sub && echo made > sub/file && cat sub/file");

    assertThat(out).contains("Exit code: 0").contains("made");
    assertThat(workspace.resolve("sub/file")).hasContent("made");
  }

  @Test
  void workspaceWrite_writesNothingOutsideTheWorkspace() throws Exception {
    Path onRootFilesystem = Files.createDirectories(Path.of("target", "sandbox-" + UUID.randomUUID())).toRealPath();
    try {
      String out = run(WORKSPACE_WRITE, "touch " + onRootFilesystem + "/x; touch " + outside + "/x; touch /etc/longhaul-x");

      assertThat(out).contains("Read-only file system");
      assertThat(onRootFilesystem.resolve("x")).doesNotExist();
      assertThat(outside.resolve("x")).doesNotExist();
      assertThat(Path.of("/etc/longhaul-x")).doesNotExist();
    } finally {
      Files.deleteIfExists(onRootFilesystem);
    }
  }

  @Test
  void tmp_isPrivate_writableButNeitherTheWorkersNorKept() throws Exception {
    Path hostFile = outside.resolveSibling("host-tmp-file");
    Files.writeString(hostFile, "host");

    String out = run(WORKSPACE_WRITE, "ls " + hostFile + "; echo scratch > /tmp/scratch && cat /tmp/scratch");

    assertThat(out).contains("No such file or directory").contains("scratch");
    assertThat(Path.of("/tmp/scratch")).doesNotExist();
  }

  @Test
  void readOnly_readsTheWorkspace_butWritesNothing() throws Exception {
    Files.writeString(workspace.resolve("a.txt"), "hello");

    String out = run(READ_ONLY, "cat a.txt; echo; touch b.txt");

    assertThat(out).contains("hello").contains("Read-only file system");
    assertThat(workspace.resolve("b.txt")).doesNotExist();
  }

  @Test
  void readOnly_refusesApplyPatch_whileWorkspaceWriteAppliesIt() throws Exception {
    ObjectNode patch = JsonNodeFactory.instance.objectNode().put("input", "*** Begin Patch\n*** Add File: new.txt\n+hi\n*** End Patch");
    ApplyPatchTool applyPatch = new ApplyPatchTool();

    String refused = new ToolHarness(workspace, READ_ONLY).error(applyPatch, patch);
    assertThat(refused).startsWith("the sandbox is read-only: ");
    assertThat(workspace.resolve("new.txt")).doesNotExist();

    new ToolHarness(workspace, WORKSPACE_WRITE).run(applyPatch, patch);
    assertThat(workspace.resolve("new.txt")).hasContent("hi\n");
  }

  @Test
  void aWritableDirectory_isWritableInWorkspaceWrite_butNotInReadOnly() throws Exception {
    Path cache = Files.createDirectories(outside.resolveSibling("cache")).toRealPath();
    List<String> writable = List.of(cache.toString());

    run(new SandboxPolicy(SandboxMode.WORKSPACE_WRITE, false, writable), "touch " + cache + "/from-write");
    String readOnly = run(new SandboxPolicy(SandboxMode.READ_ONLY, false, writable), "touch " + cache + "/from-read-only");

    assertThat(cache.resolve("from-write")).exists();
    assertThat(cache.resolve("from-read-only")).doesNotExist();
    assertThat(readOnly).contains("No such file or directory");
  }

  @Test
  void aWorkspaceUnderTheWorkersHome_isVisibleAndWritable_whileTheRestOfHomeIsHidden() throws Exception {
    Path home = Path.of(System.getProperty("user.home")).toRealPath();
    Path underHome = Files.createTempDirectory(home, "longhaul-sandbox-ws");
    Path secret = Files.writeString(Files.createTempFile(home, "longhaul-sandbox-secret", ".txt"), "home-secret");
    try {
      ToolContext context = context(WORKSPACE_WRITE, false, underHome);

      String out = shell.execute(command("touch made; ls; cat " + secret), context).text();

      assertThat(underHome.resolve("made")).exists();
      assertThat(out).contains("made").contains("No such file or directory").doesNotContain("home-secret");
    } finally {
      Files.deleteIfExists(underHome.resolve("made"));
      Files.deleteIfExists(underHome);
      Files.deleteIfExists(secret);
    }
  }

  // ---- the network ----

  @Test
  void aLoopbackServerOfTheWorker_isUnreachableWithoutNetwork_andReachableWithIt() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // bash's /dev/tcp: a connection without curl or nc; the server's backlog completes it.
      String connect = "echo hi > /dev/tcp/127.0.0.1/" + server.getLocalPort() + " && echo CONNECTED";

      assertThat(run(WORKSPACE_WRITE, connect)).contains("Connection refused").doesNotContain("CONNECTED");
      assertThat(run(READ_ONLY, connect)).doesNotContain("CONNECTED");
      assertThat(run(new SandboxPolicy(SandboxMode.WORKSPACE_WRITE, true, List.of()), connect)).contains("CONNECTED");
      assertThat(run(new SandboxPolicy(SandboxMode.READ_ONLY, true, List.of()), connect)).contains("CONNECTED");
      assertThat(run(FULL_ACCESS, connect)).contains("CONNECTED");
    }
  }

  // ---- the worker's secrets ----

  @Test
  void theWorkersProcesses_areNotInTheSandboxesProc() throws Exception {
    long worker = ProcessHandle.current().pid();

    String out =
        run(WORKSPACE_WRITE,
            "ls /proc | grep -x '[0-9]*' | tr '\\n' ' '; echo; cat /proc/" + worker + "/environ; cat /proc/" + worker
                + "/cmdline; test -e /proc/" + worker + " && echo WORKER-VISIBLE");

    String pids = out.substring(out.indexOf("Output:\n") + "Output:\n".length()).lines().findFirst().orElseThrow();
    // bwrap's init, bash, and the pipeline: nothing of the worker's.
    assertThat(pids.strip().split(" ")).allSatisfy(pid -> assertThat(Long.parseLong(pid)).isLessThan(10));
    assertThat(out).doesNotContain("WORKER-VISIBLE").contains("No such file or directory");
  }

  @Test
  void theEnvironmentAndTheParentsEnviron_holdNoSecret_evenSpelledBackwards() throws Exception {
    String out =
        run(WORKSPACE_WRITE,
            "env; cat /proc/$PPID/environ | tr '\\0' '\\n' | grep -i key | rev; cat /proc/1/environ;"
                + " cat /proc/1/cmdline; for p in /proc/[0-9]*; do cat $p/environ $p/cmdline; done 2>/dev/null; echo PROBED");

    assertThat(out).contains("PROBED").contains("PATH=");
    assertNoSecretIn(out);
  }

  @Test
  void filesUnderLonghaulsHome_areInvisible_evenToACommandThatTriesToUnmountTheMasks() throws Exception {
    // Run as root, a command that kept bwrap's capabilities could lift the masks.
    String out =
        run(WORKSPACE_WRITE,
            "umount -l " + longhaulHome + "; umount -l /tmp; ls -A " + longhaulHome + "; cat " + longhaulHome
                + "/dev.json; echo PROBED");

    assertThat(out).contains("PROBED").contains("No such file or directory");
    assertNoSecretIn(out);
  }

  @Test
  void longhaulsHomeInsideTheWorkspace_isInvisible_whileTheWorkspaceIsNot() throws Exception {
    Path inside = Files.createDirectories(workspace.resolve(".longhaul"));
    Files.writeString(inside.resolve("dev.json"), STORE_PASSWORD);
    Files.writeString(workspace.resolve("code.txt"), "code");
    Sandbox sandbox = new Sandbox("bwrap", System.getenv(), null, inside);
    ToolContext context = new ToolContext(new Workspace(workspace), () -> {}, sandbox, READ_ONLY, false);

    String out = shell.execute(command("cat code.txt; ls -A .longhaul; cat .longhaul/dev.json"), context).text();

    assertThat(out).contains("code").contains("No such file or directory").doesNotContain(STORE_PASSWORD);
  }

  // ---- danger-full-access, and an escalated call ----

  @Test
  void dangerFullAccess_writesAnywhereTheWorkerCan_reachesTheWorkersProcesses_butGetsOnlyTheAllowListedVariables()
      throws Exception {
    long worker = ProcessHandle.current().pid();

    String out = run(FULL_ACCESS, "touch " + outside + "/x; test -e /proc/" + worker + " && echo WORKER-VISIBLE; env");

    assertThat(outside.resolve("x")).exists();
    assertThat(out).contains("WORKER-VISIBLE").contains("PATH=").doesNotContain(KEY).doesNotContain("OPENAI_API_KEY");
  }

  @Test
  void anEscalatedCall_runsAsDangerFullAccess_forThatCallOnly() throws Exception {
    shell.execute(command("touch " + outside + "/escalated"), context(READ_ONLY, true, workspace));
    shell.execute(command("touch " + outside + "/confined"), context(READ_ONLY, false, workspace));

    assertThat(outside.resolve("escalated")).exists();
    assertThat(outside.resolve("confined")).doesNotExist();
  }

  private void assertNoSecretIn(String out) {
    String reversedKey = new StringBuilder(KEY).reverse().toString();
    assertThat(out)
        .doesNotContain(KEY)
        .doesNotContain(reversedKey)
        .doesNotContain(STORE_PASSWORD)
        .doesNotContain("OPENAI_API_KEY")
        .doesNotContain("LONGHAUL_DATABASE_URL");
  }

  private String run(SandboxPolicy policy, String command) throws ToolException {
    return shell.execute(command(command), context(policy, false, workspace)).text();
  }

  private ToolContext context(SandboxPolicy policy, boolean escalated, Path workspace) {
    return new ToolContext(new Workspace(workspace), () -> {}, sandbox, policy, escalated);
  }

  private static ObjectNode command(String command) {
    return JsonNodeFactory.instance.objectNode().put("command", command);
  }

  private static boolean installed(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) return true;
    }
    return false;
  }
}
