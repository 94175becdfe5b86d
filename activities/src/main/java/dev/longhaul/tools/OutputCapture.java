package dev.longhaul.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects a process's output in bounded memory: the first and the last {@code half} bytes, and a
 * count of what fell between. A command that prints 50 MB costs the worker 2 × {@code half}.
 */
final class OutputCapture {
  private final int half;
  private final byte[] head;
  private final byte[] tail;
  private long total;

  OutputCapture(int half) {
    this.half = half;
    this.head = new byte[half];
    this.tail = new byte[half];
  }

  /** Reads {@code in} to its end. */
  void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) != -1) write(buffer, n);
  }

  private synchronized void write(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      if (total < half) head[(int) total] = bytes[i];
      else tail[(int) ((total - half) % half)] = bytes[i];
      total++;
    }
  }

  synchronized String text() {
    String start = new String(head, 0, (int) Math.min(total, half), StandardCharsets.UTF_8);
    if (total <= half) return start;
    long tailLength = Math.min(total - half, half);
    long tailStart = total - tailLength; // absolute offset of the oldest kept tail byte
    long dropped = total - half - tailLength;
    String marker = dropped > 0 ? "\n[… " + dropped + " bytes of output omitted …]\n" : "";
    return start + marker + decode(tailStart, (int) tailLength);
  }

  /**
   * The end of the output so far: its last {@code bytes} bytes (at most {@code half}), starting at
   * a whole character, after a line saying how many bytes came before.
   */
  synchronized String last(int bytes) {
    long from = total - Math.min(total, Math.min(bytes, half));
    // A UTF-8 continuation byte (10xxxxxx) would decode as garbage: start at the next character.
    for (int skipped = 0; skipped < 3 && from < total && (at(from) & 0xC0) == 0x80; skipped++) from++;
    String end = decode(from, (int) (total - from));
    return from > 0 ? "[… " + from + " earlier bytes not shown …]\n" + end : end;
  }

  private String decode(long from, int length) {
    byte[] ordered = new byte[length];
    for (int i = 0; i < length; i++) ordered[i] = at(from + i);
    return new String(ordered, StandardCharsets.UTF_8);
  }

  /** The byte at absolute offset {@code offset}: in the head, or still kept in the tail. */
  private byte at(long offset) {
    return offset < half ? head[(int) offset] : tail[(int) ((offset - half) % half)];
  }
}
