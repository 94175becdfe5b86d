package dev.longhaul.tools.sandbox;

import dev.longhaul.contract.SandboxMode;
import dev.longhaul.contract.SandboxPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How this worker starts a command under a {@link SandboxPolicy}: in a confined mode, inside
 * bubblewrap ({@code bwrap}); in danger-full-access, directly. Either way the command's
 * environment is built from {@link #ALLOWED_VARIABLES} and nothing else of the worker's.
 *
 * <p>Secrets a confined command must not reach, and what stops each: the worker's variables (the
 * allow-list, for bwrap's own environment too, since the command can read its parent's {@code
 * /proc/PID/environ}); any process's {@code /proc} entries (a new PID namespace with a fresh
 * {@code /proc}: the worker is not in it); files under the worker user's home and Longhaul's home
 * ({@code dev.json}, the embedded PostgreSQL) and in {@code /tmp} (each masked by an empty
 * tmpfs). bwrap's own command line, which the command can read as {@code /proc/1/cmdline}, holds
 * paths and the allow-listed values, never a secret.
 */
public final class Sandbox {
  /** The worker's variables a command sees. None of them holds a secret. */
  public static final List<String> ALLOWED_VARIABLES =
      List.of(
          "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE",
          "LC_MESSAGES", "TERM", "TZ");

  private final String bwrap;
  private final Map<String, String> environment;
  private final Path home;
  private final Path longhaulHome;
  private volatile SandboxCheck check;

  /**
   * @param bwrap the bubblewrap executable, a name looked up on the PATH or a path
   * @param workerEnvironment the worker's variables; only the allowed ones are kept
   * @param home the worker user's home directory, masked in a confined command; null for none
   * @param longhaulHome Longhaul's home ({@code dev.json}, the embedded PostgreSQL), masked even
   *     where it lies inside the workspace; null for none
   */
  public Sandbox(String bwrap, Map<String, String> workerEnvironment, Path home, Path longhaulHome) {
    this.bwrap = bwrap;
    Map<String, String> allowed = new LinkedHashMap<>();
    for (String name : ALLOWED_VARIABLES) {
      String value = workerEnvironment.get(name);
      if (value != null) allowed.put(name, value);
    }
    this.environment = Map.copyOf(allowed);
    this.home = home;
    this.longhaulHome = longhaulHome;
  }

  /**
   * The worker's sandbox: {@code bwrap} from the PATH, the home directory from {@code HOME} and
   * Longhaul's home from {@code LONGHAUL_HOME}, else {@code $HOME/.longhaul} (the command line's
   * rule).
   */
  public static Sandbox fromEnvironment(Map<String, String> env) {
    return new Sandbox("bwrap", env, userHome(env), longhaulHome(env));
  }

  /** Longhaul's home: {@code LONGHAUL_HOME}, else {@code $HOME/.longhaul} (the command line's rule). */
  public static Path longhaulHome(Map<String, String> env) {
    String longhaul = env.get("LONGHAUL_HOME");
    return longhaul != null && !longhaul.isEmpty() ? Path.of(longhaul) : userHome(env).resolve(".longhaul");
  }

  private static Path userHome(Map<String, String> env) {
    String user = env.get("HOME");
    return Path.of(user != null && !user.isEmpty() ? user : System.getProperty("user.home"));
  }

  /** The environment of every command, whatever its mode. */
  public Map<String, String> environment() {
    return environment;
  }

  /**
   * Whether bubblewrap works on this worker, found out by running it once (on the first call; the
   * worker makes that call at start) and remembered.
   */
  public SandboxCheck check() {
    SandboxCheck known = check;
    if (known != null) return known;
    synchronized (this) {
      if (check == null) check = SandboxCheck.run(this);
      return check;
    }
  }

  /**
   * A process that runs {@code command} in {@code workdir} under {@code policy} (danger-full-access
   * when {@code escalated}), with {@link #environment()} as its environment, standard input empty
   * and standard error merged into standard output.
   *
   * @throws SandboxUnavailableException when the policy confines and bubblewrap does not work here
   */
  public ProcessBuilder process(
      SandboxPolicy policy, boolean escalated, Path workspace, Path workdir, List<String> command) {
    List<String> argv;
    if (escalated || !policy.mode().confined()) {
      argv = command;
    } else {
      SandboxCheck works = check();
      if (!works.works()) throw new SandboxUnavailableException(works.problem());
      argv = command(policy, workspace, workdir, command);
    }
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .directory(workdir.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    // bwrap's own environment too: a confined command can read it as /proc/1/environ.
    builder.environment().clear();
    builder.environment().putAll(environment);
    return builder;
  }

  /**
   * The bubblewrap command line that runs {@code command} confined by {@code policy}. The order of
   * the mounts is the point: later ones cover earlier ones. The whole filesystem read-only; then
   * empty, private {@code /tmp} and home directory; then the workspace (and extra writable
   * directories) over them, so that a workspace inside {@code /tmp} or the home directory stays
   * visible; last, Longhaul's home masked again where it lies inside one of those.
   *
   * @param policy a confined mode's policy
   * @throws IllegalArgumentException when the workspace or a writable directory is not an existing
   *     directory, or the workspace is Longhaul's home
   */
  public List<String> command(SandboxPolicy policy, Path workspace, Path workdir, List<String> command) {
    if (!policy.mode().confined()) throw new IllegalArgumentException("not a confined mode: " + policy.mode());
    boolean writes = policy.mode() == SandboxMode.WORKSPACE_WRITE;
    Path root = existingDirectory(workspace, "the workspace");
    List<Path> writable = new ArrayList<>();
    if (writes) {
      for (String dir : policy.writable()) writable.add(existingDirectory(Path.of(dir), "the writable directory"));
    }
    List<String> argv = new ArrayList<>(List.of(bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"));
    Set<Path> secretHomes = new LinkedHashSet<>();
    if (longhaulHome != null) secretHomes.addAll(spellings(longhaulHome));
    if (secretHomes.contains(root)) {
      throw new IllegalArgumentException("the workspace is Longhaul's home, which holds the worker's secrets");
    }
    Set<Path> masked = new LinkedHashSet<>();
    if (home != null) masked.addAll(spellings(home));
    masked.addAll(secretHomes);
    for (Path dir : masked) {
      if (!dir.equals(dir.getRoot())) add(argv, "--tmpfs", dir);
    }
    add(argv, writes ? "--bind" : "--ro-bind", root, root);
    for (Path dir : writable) add(argv, "--bind", dir, dir);
    List<Path> bound = new ArrayList<>(writable);
    bound.add(root);
    for (Path secret : secretHomes) {
      if (bound.stream().anyMatch(dir -> secret.startsWith(dir) && !secret.equals(dir))) {
        add(argv, "--tmpfs", secret);
      }
    }
    argv.addAll(List.of("--chdir", workdir.toString()));
    argv.addAll(List.of("--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--unshare-user-try"));
    if (!policy.network()) argv.add("--unshare-net");
    // Run as root, bwrap would leave the command every capability, and with them the power to
    // unmount the masks; --new-session keeps it from the worker's terminal (TIOCSTI).
    argv.addAll(List.of("--cap-drop", "ALL", "--die-with-parent", "--new-session", "--clearenv"));
    environment.forEach((name, value) -> argv.addAll(List.of("--setenv", name, value)));
    argv.add("--");
    argv.addAll(command);
    return argv;
  }

  private static void add(List<String> argv, String option, Path... paths) {
    argv.add(option);
    for (Path path : paths) argv.add(path.toString());
  }

  private static Path existingDirectory(Path dir, String what) {
    if (!dir.isAbsolute()) throw new IllegalArgumentException(what + " is not an absolute path: " + dir);
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException(what + " is not a directory on this worker: " + dir);
    try {
      return dir.toRealPath();
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " cannot be resolved: " + dir, e);
    }
  }

  /** A directory as given and, when a symbolic link leads elsewhere, as it really is: both are masked. */
  private static List<Path> spellings(Path dir) {
    Path given = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(given)) return List.of();
    try {
      Path real = given.toRealPath();
      return real.equals(given) ? List.of(given) : List.of(given, real);
    } catch (IOException e) {
      return List.of(given);
    }
  }
}
