package dev.longhaul.activities;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.contract.PromptShape;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/** What a request's cached prefix depends on besides its items, and how to say it changed. */
final class PromptShapes {
  private PromptShapes() {}

  static PromptShape of(String model, List<JsonNode> toolSpecs) {
    StringBuilder names = new StringBuilder();
    for (JsonNode spec : toolSpecs) {
      if (!names.isEmpty()) names.append(',');
      names.append(spec.path("name").asText());
    }
    return new PromptShape(model, fingerprint(toolSpecs.toString()), names.toString());
  }

  /**
   * Why {@code now} cannot reuse {@code before}'s cached prefix, or null when it can (or there is
   * no earlier request). The text becomes a note appended to the context, never an edit of it.
   */
  static String cacheBreak(PromptShape before, PromptShape now) {
    if (before == null) return null;
    StringBuilder why = new StringBuilder();
    if (!before.model().equals(now.model())) {
      why.append("The model changed from ").append(before.model()).append(" to ").append(now.model()).append('.');
    }
    if (!before.toolsFingerprint().equals(now.toolsFingerprint())) {
      TreeSet<String> added = names(now);
      added.removeAll(names(before));
      TreeSet<String> removed = names(before);
      removed.removeAll(names(now));
      if (!why.isEmpty()) why.append(' ');
      why.append("The tools changed");
      if (!added.isEmpty()) why.append("; added: ").append(String.join(", ", added));
      if (!removed.isEmpty()) why.append("; removed: ").append(String.join(", ", removed));
      if (added.isEmpty() && removed.isEmpty()) why.append(" (their definitions)");
      why.append('.');
    }
    return why.isEmpty() ? null : why.toString();
  }

  private static TreeSet<String> names(PromptShape shape) {
    TreeSet<String> names = new TreeSet<>(Arrays.asList(shape.toolNames().split(",")));
    names.remove(""); // no tools at all
    return names;
  }

  private static String fingerprint(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
