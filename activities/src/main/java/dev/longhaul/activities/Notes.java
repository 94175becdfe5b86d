package dev.longhaul.activities;

import dev.longhaul.model.ItemFormat;
import dev.longhaul.prompt.Truncation;
import dev.longhaul.tools.ToolException;
import dev.longhaul.tools.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The task's notes file, {@code .longhaul/NOTES.md} in the workspace, which the agent keeps up to
 * date; it is re-read after each compaction so the notes survive it verbatim.
 */
final class Notes {
  static final String PATH = ".longhaul/NOTES.md";
  static final String OPENING = "<task_notes";
  static final String MARKER = OPENING + " path=\"" + PATH + "\">";
  static final int BUDGET_TOKENS = 4_000;

  private final Truncation truncation;

  Notes(Truncation truncation) {
    this.truncation = truncation;
  }

  /**
   * The notes as a developer message in {@code format}, or empty when there are none (or no
   * workspace).
   */
  Optional<String> message(String workspace, ItemFormat format) {
    try {
      Path file = new Workspace(Path.of(workspace)).resolve(PATH);
      if (!Files.isRegularFile(file)) return Optional.empty();
      String notes = Files.readString(file, StandardCharsets.UTF_8);
      if (notes.isBlank()) return Optional.empty();
      String text = MARKER + "\n" + truncation.keepHeadAndTail(notes, BUDGET_TOKENS) + "\n</task_notes>";
      return Optional.of(format.developerMessage(text));
    } catch (ToolException | IOException | IllegalArgumentException unreadable) {
      return Optional.empty(); // notes are a help, never a reason to fail a compaction
    }
  }
}
