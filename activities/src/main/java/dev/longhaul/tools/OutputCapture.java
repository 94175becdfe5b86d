package dev.longhaul.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects a process's output in bounded memory: the first and the last {@code half} bytes, and a
 * count of what fell between. A command that prints 50 MB costs the worker 2 × {@code half}.
 */
final class OutputCapture {
  private final int half;
  private final ByteArrayOutputStream head = new ByteArrayOutputStream();
  private final byte[] tail;
  private long total;

  OutputCapture(int half) {
    this.half = half;
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
      if (total < half) head.write(bytes[i]);
      else tail[(int) ((total - half) % half)] = bytes[i];
      total++;
    }
  }

  synchronized String text() {
    String start = head.toString(StandardCharsets.UTF_8);
    if (total <= half) return start;
    long tailLength = Math.min(total - half, half);
    byte[] ordered = new byte[(int) tailLength];
    long tailStart = total - tailLength; // absolute offset of the oldest kept tail byte
    for (int i = 0; i < tailLength; i++) ordered[i] = tail[(int) ((tailStart + i - half) % half)];
    long dropped = total - half - tailLength;
    String marker = dropped > 0 ? "\n[… " + dropped + " bytes of output omitted …]\n" : "";
    return start + marker + new String(ordered, StandardCharsets.UTF_8);
  }
}
