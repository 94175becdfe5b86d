package dev.longhaul.worker;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads one file out of a {@code .tar.gz}: enough of the tar format (ustar, GNU long names, pax
 * headers skipped) for a release archive, without a library for it.
 */
final class TarGz {
  private static final int BLOCK = 512;

  private TarGz() {}

  /** Writes the regular file called {@code name} (at the top or in any directory) to {@code target}. */
  static void extract(Path archive, String name, Path target) throws IOException {
    try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive)))) {
      byte[] header = new byte[BLOCK];
      String longName = null;
      while (in.readNBytes(header, 0, BLOCK) == BLOCK && !zero(header)) {
        String entry = longName != null ? longName : entryName(header);
        longName = null;
        long size = size(header);
        long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
        byte type = header[156];
        if (type == 'L') {
          longName = text(in.readNBytes((int) size), 0, (int) size);
          skip(in, padded - size);
        } else if ((type == '0' || type == 0) && (entry.equals(name) || entry.endsWith("/" + name))) {
          try (OutputStream out = Files.newOutputStream(target)) {
            copy(in, out, size);
          }
          return;
        } else {
          skip(in, padded);
        }
      }
    }
    throw new IOException("the archive " + archive.getFileName() + " holds no file called " + name);
  }

  private static String entryName(byte[] header) {
    String name = text(header, 0, 100);
    boolean ustar = text(header, 257, 6).startsWith("ustar");
    String prefix = ustar ? text(header, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  /** The size field: octal digits, or (for large files) base-256 flagged by the high bit. */
  private static long size(byte[] header) throws IOException {
    if ((header[124] & 0x80) != 0) {
      long size = 0;
      for (int i = 125; i < 136; i++) size = (size << 8) | (header[i] & 0xff);
      return size;
    }
    String octal = text(header, 124, 12).strip();
    try {
      return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
    } catch (NumberFormatException e) {
      throw new IOException("not a tar archive (size field \"" + octal + "\")");
    }
  }

  private static String text(byte[] bytes, int offset, int length) {
    int end = offset;
    while (end < offset + length && end < bytes.length && bytes[end] != 0) end++;
    return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static boolean zero(byte[] block) {
    for (byte b : block) if (b != 0) return false;
    return true;
  }

  private static void copy(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = size;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) throw new IOException("the archive ends inside a file");
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static void skip(InputStream in, long bytes) throws IOException {
    long left = bytes;
    while (left > 0) {
      long n = in.skip(left);
      if (n <= 0) {
        if (in.read() < 0) throw new IOException("the archive ends inside an entry");
        n = 1;
      }
      left -= n;
    }
  }
}
