package dev.longhaul.worker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;

/**
 * The CLI dev server's SQLite file, where its workflows are kept: whether it is damaged, and
 * moving it aside, which only an explicit {@code --reset-db} does, since its workflows go with it.
 */
public final class DevDatabase {
  private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  /** The files SQLite keeps next to a database while it runs; they belong to it. */
  private static final String[] COMPANIONS = {"-journal", "-wal", "-shm"};

  private DevDatabase() {}

  /**
   * What is wrong with the file, if its first bytes already say it is no SQLite database; a file
   * whose damage lies deeper is reported by the server as it opens it ({@link DevServerFailure}).
   */
  public static Optional<String> damage(Path file) throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) return Optional.empty();
    byte[] start;
    try (InputStream in = Files.newInputStream(file)) {
      start = in.readNBytes(HEADER.length);
    }
    return Arrays.equals(start, HEADER) ? Optional.empty() : Optional.of("file is not a database");
  }

  public static String damaged(Path file, String what) {
    return "the dev server's database " + file + " is damaged (" + what + "): `longhaul dev --reset-db` moves"
        + " it aside and starts with an empty one (its workflows are lost; the transcripts in PostgreSQL stay)";
  }

  /** Renames the file (and its companions) to {@code <name>.<time>}; returns the new name. */
  public static Path moveAside(Path file) throws IOException {
    String suffix = "." + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path aside = file.resolveSibling(file.getFileName() + suffix);
    Files.move(file, aside);
    for (String companion : COMPANIONS) {
      Path extra = file.resolveSibling(file.getFileName() + companion);
      if (Files.exists(extra)) Files.move(extra, aside.resolveSibling(aside.getFileName() + companion));
    }
    return aside;
  }
}
