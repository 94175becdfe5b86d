package dev.longhaul.worker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of a {@code /metrics} endpoint, fetched over HTTP as Prometheus does, and read. */
record Scrape(String contentType, String text, List<Sample> samples) {
  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  static Scrape of(String url) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) throw new AssertionError(url + " answered " + response.statusCode());
    String type = response.headers().firstValue("Content-Type").orElse("");
    return new Scrape(type, response.body(), parse(response.body()));
  }

  /** The text format: {@code name{label="value",...} 1.0} a line, comments aside. */
  static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      int space = line.lastIndexOf(' ');
      String series = line.substring(0, space);
      int brace = series.indexOf('{');
      Map<String, String> labels = new LinkedHashMap<>();
      if (brace >= 0) {
        Matcher m = LABEL.matcher(series.substring(brace));
        while (m.find()) labels.put(m.group(1), m.group(2));
      }
      samples.add(new Sample(brace < 0 ? series : series.substring(0, brace), labels,
          Double.parseDouble(line.substring(space + 1))));
    }
    return samples;
  }

  /** The value of the one series of {@code name} whose labels include {@code labels}; empty if none. */
  OptionalDouble value(String name, Map<String, String> labels) {
    List<Sample> found = samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
    if (found.size() > 1) throw new AssertionError("more than one series of " + name + labels + ": " + found);
    return found.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(found.get(0).value());
  }

  double value(String name, String... labelPairs) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) labels.put(labelPairs[i], labelPairs[i + 1]);
    return value(name, labels).orElseThrow(() -> new AssertionError("no series " + name + labels + " in:\n" + text));
  }

  boolean has(String namePrefix) {
    return samples.stream().anyMatch(s -> s.name().startsWith(namePrefix));
  }
}
