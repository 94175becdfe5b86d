package dev.longhaul.worker;

import java.util.List;
import java.util.Locale;

/** Why {@code temporal server start-dev} exited at start, in one line, from its last lines of output. */
final class DevServerFailure {
  private DevServerFailure() {}

  static String explain(int exitStatus, List<String> lastLines, CliDevServer.Options options) {
    String all = String.join("\n", lastLines).toLowerCase(Locale.ROOT);
    if (all.contains("can't set ui port") || all.contains(":" + options.uiPort() + ": bind")) {
      return Ports.uiTaken(options.uiPort());
    }
    if (all.contains("can't set frontend port") || all.contains(":" + options.port() + ": bind")) {
      return Ports.frontendTaken(options.port());
    }
    for (String damage : List.of("file is not a database", "database disk image is malformed")) {
      if (all.contains(damage)) return DevDatabase.damaged(options.database(), damage);
    }
    List<String> shown = lastLines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    shown = shown.subList(Math.max(0, shown.size() - 3), shown.size());
    return options.cli() + " server start-dev exited at start (status " + exitStatus + ")"
        + (shown.isEmpty() ? " and printed nothing" : "; its last lines: " + String.join(" / ", shown))
        + " (all of its output: " + options.log() + ")";
  }
}
