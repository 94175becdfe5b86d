package dev.longhaul.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every command runs with: the environment, where to print, and Longhaul's home directory
 * (see {@link #home(Map)}). Passed in rather than read from globals so that tests run commands
 * in-process with their own environment.
 */
public record Cli(Map<String, String> env, PrintStream out, PrintStream err, Path home) {
  public static Cli system() {
    Map<String, String> env = System.getenv();
    return new Cli(env, System.out, System.err, home(env));
  }

  /**
   * {@code LONGHAUL_HOME}, else {@code $HOME/.longhaul}: the rule the {@code longhaul} script
   * follows for its build log (an empty variable counts as unset, as in the script's {@code
   * ${VAR:-default}}). {@code HOME} comes before the JVM's {@code user.home}, which Java takes from
   * the password database and so differs from {@code $HOME} whenever that is set to something
   * else; {@code user.home} serves only when there is no {@code HOME}.
   */
  static Path home(Map<String, String> env) {
    String home = env.get("LONGHAUL_HOME");
    if (home != null && !home.isEmpty()) return Path.of(home);
    String user = env.get("HOME");
    return Path.of(user != null && !user.isEmpty() ? user : System.getProperty("user.home"), ".longhaul");
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
