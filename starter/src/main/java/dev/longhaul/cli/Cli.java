package dev.longhaul.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every command runs with: the environment, where to print, and Longhaul's home directory
 * ({@code LONGHAUL_HOME}, default {@code ~/.longhaul}). Passed in rather than read from globals
 * so that tests run commands in-process with their own environment.
 */
public record Cli(Map<String, String> env, PrintStream out, PrintStream err, Path home) {
  public static Cli system() {
    Map<String, String> env = System.getenv();
    String home = env.get("LONGHAUL_HOME");
    return new Cli(
        env, System.out, System.err,
        home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".longhaul"));
  }

  public Endpoints endpoints() {
    return Endpoints.resolve(this);
  }

  /** A line on stderr, for progress and notes: stdout carries only results. */
  public void note(String line) {
    err.println(line);
    err.flush();
  }
}
