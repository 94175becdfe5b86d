package dev.longhaul.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What `temporal server start-dev` (CLI 1.9.1) prints when it cannot start, and the line Longhaul makes of it. */
class DevServerFailureTest {
  static final CliDevServer.Options OPTIONS = new CliDevServer.Options(
      Path.of("/usr/bin/temporal"), 7233, 8233, Path.of("/home/me/.longhaul/temporal.db"), Path.of("/home/me/.longhaul/temporal.log"));

  @Test
  void theUiPortTaken_namesItAndTheOptionToChooseAnother() {
    assertThat(DevServerFailure.explain(1, List.of(
        "Error: can't set UI port 8233: listen tcp 127.0.0.1:8233: bind: address already in use"), OPTIONS))
        .isEqualTo("the Temporal UI port 8233 is taken by another process: choose another with `longhaul dev --ui-port P`");
  }

  @Test
  void theFrontendPortTaken_namesItAndTheOptionToChooseAnother() {
    assertThat(DevServerFailure.explain(1, List.of(
        "Error: can't set frontend port 7233: listen tcp 127.0.0.1:7233: bind: address already in use"), OPTIONS))
        .isEqualTo("the Temporal frontend port 7233 is taken by another process: choose another with"
            + " `longhaul dev --port P` (or LONGHAUL_DEV_PORT)");
  }

  @Test
  void aDamagedDatabase_isNamedWithTheWayToStartAfresh() {
    assertThat(DevServerFailure.explain(1, List.of(
        "Error: failed starting server: failed creating namespaces: unable to create SQLite admin DB:"
            + " database disk image is malformed (11)"), OPTIONS))
        .isEqualTo("the dev server's database /home/me/.longhaul/temporal.db is damaged (database disk image is"
            + " malformed): `longhaul dev --reset-db` moves it aside and starts with an empty one (its workflows"
            + " are lost; the transcripts in PostgreSQL stay)");
  }

  @Test
  void anythingElse_showsTheLastThreeLinesAndWhereTheRestIs() {
    assertThat(DevServerFailure.explain(2, List.of("one", "two", "", "three", "four  "), OPTIONS))
        .isEqualTo("/usr/bin/temporal server start-dev exited at start (status 2); its last lines: two / three / four"
            + " (all of its output: /home/me/.longhaul/temporal.log)");
    assertThat(DevServerFailure.explain(2, List.of(), OPTIONS))
        .isEqualTo("/usr/bin/temporal server start-dev exited at start (status 2) and printed nothing"
            + " (all of its output: /home/me/.longhaul/temporal.log)");
  }
}
