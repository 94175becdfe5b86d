package dev.longhaul.activities;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes the worker's secrets from tool outputs before they are stored, previewed into workflow
 * history or sent to the model. A command can read them even though they are not in its
 * environment (the worker's own {@code /proc/PID/environ} is readable by the same user), so the
 * output is the last place to stop them.
 */
public final class Redactor {
  static final String MASK = "[REDACTED]";
  private static final Pattern URL_PASSWORD = Pattern.compile("password=([^&\\s]+)");
  private static final int SHORTEST_SECRET = 6;

  private final List<String> secrets;

  public Redactor(List<String> secrets) {
    List<String> kept = new ArrayList<>();
    for (String secret : secrets) {
      if (secret != null && secret.length() >= SHORTEST_SECRET) kept.add(secret);
    }
    // Longest first, so a secret that contains another is masked whole.
    kept.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(kept);
  }

  /** The model API key, the store's URLs (its read replica's too) and the passwords inside them. */
  public static Redactor fromEnvironment(Map<String, String> env) {
    List<String> secrets = new ArrayList<>();
    secrets.add(env.get("OPENAI_API_KEY"));
    for (String url : new String[] {env.get("LONGHAUL_DATABASE_URL"), env.get("LONGHAUL_DATABASE_READ_URL")}) {
      if (url == null) continue;
      secrets.add(url);
      Matcher password = URL_PASSWORD.matcher(url);
      if (password.find()) secrets.add(password.group(1));
    }
    return new Redactor(secrets);
  }

  public Redactor with(String secret) {
    List<String> all = new ArrayList<>(secrets);
    all.add(secret);
    return new Redactor(all);
  }

  /** Also masks each of {@code secrets}. */
  public Redactor withAll(java.util.Collection<String> secrets) {
    Redactor redactor = this;
    for (String secret : secrets) redactor = redactor.with(secret);
    return redactor;
  }

  String redact(String text) {
    for (String secret : secrets) {
      if (text.contains(secret)) text = text.replace(secret, MASK);
    }
    return text;
  }
}
