package dev.longhaul.tools.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The built-in list of commands known to only read (Codex's {@code is_known_safe_command}), which
 * the {@code untrusted} approval policy runs without asking. Conservative by construction: a
 * command line is safe only when it parses as simple words (plain or quoted, globs allowed) joined
 * by {@code |}, {@code &&} or {@code ||}, and every command in it is on the list with arguments
 * that cannot write, delete or run something else. Redirections, {@code ;}, {@code &}, command or
 * variable substitution, subshells, braces and backslashes make a line unsafe, however harmless.
 */
public final class KnownSafeCommands {
  private static final Pattern SED_PRINT = Pattern.compile("\\d+(,\\d+)?p");
  private static final Set<String> FIND_ACTIONS =
      Set.of("-exec", "-execdir", "-ok", "-okdir", "-delete", "-fls", "-fprint", "-fprint0", "-fprintf");
  private static final Set<String> GIT_READS = Set.of("status", "log", "diff", "show", "branch");
  private static final Set<String> GIT_BRANCH_LISTING =
      Set.of("-a", "-r", "-v", "-vv", "-l", "--list", "--all", "--remotes", "--verbose",
          "--show-current", "--no-color", "--color");

  /** Commands that only read, whatever their arguments. */
  private static final Set<String> READERS =
      Set.of(
          "basename", "cat", "cd", "cut", "dirname", "echo", "egrep", "expr", "false", "fgrep", "grep",
          "head", "id", "ls", "nl", "paste", "pwd", "rev", "seq", "stat", "tail", "tr", "true", "uname",
          "wc", "which", "whoami");

  /** Commands that only read with some arguments. */
  private static final Map<String, Predicate<List<String>>> READERS_IF =
      Map.of(
          "rg", KnownSafeCommands::safeRipgrep,
          "find", args -> args.stream().noneMatch(FIND_ACTIONS::contains),
          "git", KnownSafeCommands::safeGit,
          "sed", KnownSafeCommands::safeSed,
          "sort", KnownSafeCommands::safeSort,
          // uniq INPUT OUTPUT writes OUTPUT.
          "uniq", args -> args.stream().filter(arg -> !arg.startsWith("-")).count() <= 1);

  private KnownSafeCommands() {}

  /** Whether {@code command}, a {@code bash -lc} command line, is known to only read. */
  public static boolean isKnownSafe(String command) {
    List<List<String>> commands = parse(command);
    if (commands == null || commands.isEmpty()) return false;
    for (List<String> words : commands) {
      if (READERS.contains(words.get(0))) continue;
      Predicate<List<String>> rule = READERS_IF.get(words.get(0));
      if (rule == null || !rule.test(words.subList(1, words.size()))) return false;
    }
    return true;
  }

  /**
   * The simple commands of a line (each a list of words, quotes removed), or null when the line
   * uses anything but words and the operators {@code |}, {@code &&}, {@code ||}.
   */
  static List<List<String>> parse(String line) {
    List<List<String>> commands = new ArrayList<>();
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t') {
        if (word != null) words.add(word.toString());
        word = null;
        i++;
      } else if (c == '|' || c == '&') {
        boolean doubled = i + 1 < line.length() && line.charAt(i + 1) == c;
        if (c == '&' && !doubled) return null; // a background job, or |&
        if (c == '|' && i + 1 < line.length() && line.charAt(i + 1) == '&') return null;
        if (word != null) words.add(word.toString());
        word = null;
        if (words.isEmpty()) return null;
        commands.add(words);
        words = new ArrayList<>();
        i += doubled ? 2 : 1;
      } else if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) return null;
        word = (word == null ? new StringBuilder() : word).append(line, i + 1, end);
        i = end + 1;
      } else if (c == '"') {
        int end = line.indexOf('"', i + 1);
        if (end < 0) return null;
        String quoted = line.substring(i + 1, end);
        // Inside double quotes bash still substitutes $… and `…`, and \ escapes.
        if (quoted.matches(".*[$`\\\\!].*")) return null;
        word = (word == null ? new StringBuilder() : word).append(quoted);
        i = end + 1;
      } else if (";<>()$`\\{}!#\n\r".indexOf(c) >= 0) {
        return null;
      } else {
        word = (word == null ? new StringBuilder() : word).append(c);
        i++;
      }
    }
    if (word != null) words.add(word.toString());
    if (words.isEmpty()) return commands.isEmpty() ? commands : null; // a trailing operator
    commands.add(words);
    return commands;
  }

  /** Without the options that run another program: a preprocessor, decompressors. */
  private static boolean safeRipgrep(List<String> args) {
    for (String arg : args) {
      if (arg.startsWith("--pre") || arg.startsWith("--hostname-bin") || arg.equals("--search-zip")) return false;
      if (arg.startsWith("-") && !arg.startsWith("--") && arg.indexOf('z') > 0) return false;
    }
    return true;
  }

  /** {@code status}, {@code log}, {@code diff}, {@code show}, and {@code branch} listing. */
  private static boolean safeGit(List<String> args) {
    if (args.isEmpty() || !GIT_READS.contains(args.get(0))) return false;
    List<String> rest = args.subList(1, args.size());
    // --output writes the diff to a file; an external diff program runs anything.
    if (rest.stream().anyMatch(arg -> arg.startsWith("--output") || arg.equals("--ext-diff"))) return false;
    if (!args.get(0).equals("branch")) return true;
    boolean listing = rest.contains("--list") || rest.contains("-l");
    // Anything else names a branch to create, delete, move or copy.
    return rest.stream().allMatch(arg -> GIT_BRANCH_LISTING.contains(arg) || (listing && !arg.startsWith("-")));
  }

  /** Only {@code sed -n N p} or {@code sed -n M,N p}, which print lines. */
  private static boolean safeSed(List<String> args) {
    return args.size() >= 2
        && args.get(0).equals("-n")
        && SED_PRINT.matcher(args.get(1)).matches()
        && args.subList(2, args.size()).stream().noneMatch(arg -> arg.startsWith("-"));
  }

  /** Without {@code -o FILE} (writes) or {@code --compress-program} (runs one). */
  private static boolean safeSort(List<String> args) {
    for (String arg : args) {
      if (arg.startsWith("--output") || arg.startsWith("--compress-program")) return false;
      if (arg.startsWith("-") && !arg.startsWith("--") && arg.indexOf('o') > 0) return false;
    }
    return true;
  }
}
