package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The size of a diff: files touched, lines added and removed, characters of the diff itself. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DiffStats(int files, int insertions, int deletions, int chars) {
  public static final DiffStats NONE = new DiffStats(0, 0, 0, 0);

  /** Counts a unified diff as {@code git diff} writes it. */
  public static DiffStats of(String diff) {
    int files = 0;
    int insertions = 0;
    int deletions = 0;
    for (String line : diff.split("\n", -1)) {
      if (line.startsWith("diff --git ")) files++;
      else if (line.startsWith("+++ ") || line.startsWith("--- ")) continue;
      else if (line.startsWith("+")) insertions++;
      else if (line.startsWith("-")) deletions++;
    }
    return new DiffStats(files, insertions, deletions, diff.length());
  }

  /** A diff over the size its reader can hold: not read, so only its size is known ({@code files} is -1). */
  public static DiffStats tooLarge(long bytes) {
    return new DiffStats(-1, 0, 0, (int) Math.min(bytes, Integer.MAX_VALUE));
  }

  /** {@code 2 files, +10 -3}. */
  public String summary() {
    if (files < 0) return "a diff of " + chars / (1 << 20) + " MB, too large to review or apply";
    return files + (files == 1 ? " file" : " files") + ", +" + insertions + " -" + deletions;
  }
}
