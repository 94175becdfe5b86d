package dev.longhaul.activities;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Workspace files in and out of a zip archive, and the manifest that says which changed. A plain
 * class over files, no store, no Temporal. Regular files only: symbolic links and empty
 * directories are not kept; an executable file stays executable (its entry's comment says so).
 */
final class WorkspaceArchive {
  private static final String EXECUTABLE = "x";

  private WorkspaceArchive() {}

  /** Every regular file under {@code root}, by relative path (with '/'), with its SHA-256. */
  static Map<String, String> manifest(Path root, Runnable onFile) throws IOException {
    Map<String, String> files = new TreeMap<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          files.put(relative(root, file), sha256(file));
          onFile.run();
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return files;
  }

  /** The paths of {@code now} that are new or differ from {@code baseline}. */
  static List<String> changed(Map<String, String> baseline, Map<String, String> now) {
    List<String> changed = new ArrayList<>();
    now.forEach((path, hash) -> {
      if (!hash.equals(baseline.get(path))) changed.add(path);
    });
    return changed;
  }

  /** The paths of {@code baseline} gone from {@code now}. */
  static List<String> deleted(Map<String, String> baseline, Map<String, String> now) {
    return baseline.keySet().stream().filter(path -> !now.containsKey(path)).toList();
  }

  /** Writes {@code paths} of {@code root} to a zip at {@code archive}. */
  static void write(Path root, Collection<String> paths, Path archive, Runnable onFile) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
      // The fastest level: a snapshot is taken while the task waits (HostRecoveryBenchmark:
      // the default level took 24.6 s for 97 MB of source-like text on 2 busy cores).
      zip.setLevel(Deflater.BEST_SPEED);
      for (String path : paths) {
        Path file = root.resolve(path);
        ZipEntry entry = new ZipEntry(path);
        if (Files.isExecutable(file)) entry.setComment(EXECUTABLE);
        zip.putNextEntry(entry);
        Files.copy(file, zip);
        zip.closeEntry();
        onFile.run();
      }
    }
  }

  /**
   * Unpacks {@code archive} under {@code root}, replacing files of the same path. An entry that
   * would land outside {@code root} is refused.
   */
  static void extract(Path archive, Path root, Runnable onFile) throws IOException {
    // ZipInputStream does not see entry comments (they are in the central directory): read them
    // with ZipFile, the contents with the stream.
    List<String> executables = new ArrayList<>();
    try (var zipFile = new java.util.zip.ZipFile(archive.toFile())) {
      zipFile.stream().filter(e -> EXECUTABLE.equals(e.getComment())).forEach(e -> executables.add(e.getName()));
    }
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        Path file = inside(root, entry.getName());
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
          zip.transferTo(out);
        }
        onFile.run();
      }
    }
    for (String path : executables) inside(root, path).toFile().setExecutable(true);
  }

  /** Deletes {@code paths} under {@code root} that exist. */
  static void delete(Path root, Collection<String> paths) throws IOException {
    for (String path : paths) Files.deleteIfExists(inside(root, path));
  }

  private static Path inside(Path root, String path) throws IOException {
    Path file = root.resolve(path).normalize();
    if (!file.startsWith(root.normalize())) throw new IOException("archive entry outside the workspace: " + path);
    return file;
  }

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
