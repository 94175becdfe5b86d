package dev.longhaul.tools;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Splits text into lines while keeping at most {@code maxChars} of each, so one enormous line
 * (minified code, a log without newlines) cannot exhaust memory. Lines end at {@code \n}; a {@code
 * \r} before it is dropped. Both read_file and grep split this way so their line numbers agree.
 */
final class LineReader implements Closeable {
  /** One line: its text, at most {@code maxChars}, and its full length in chars. */
  record Line(String text, long length) {
    boolean cut() {
      return length > text.length();
    }
  }

  private final Reader in;
  private final int maxChars;
  private final char[] buffer = new char[8192];
  private int pos;
  private int limit;
  private boolean eof;

  LineReader(Reader in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  /** The next line, or null at the end of the text. */
  Line next() throws IOException {
    StringBuilder kept = new StringBuilder();
    long length = 0;
    char last = 0;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        if (!fill()) {
          return any ? finish(kept, length, last) : null;
        }
      }
      any = true;
      int start = pos;
      while (pos < limit && buffer[pos] != '\n') pos++;
      int segment = pos - start;
      if (segment > 0) {
        int room = (int) Math.max(0, Math.min(segment, (long) maxChars - kept.length()));
        kept.append(buffer, start, room);
        length += segment;
        last = buffer[pos - 1];
      }
      if (pos < limit) {
        pos++; // the newline itself
        return finish(kept, length, last);
      }
    }
  }

  private Line finish(StringBuilder kept, long length, char last) {
    if (last == '\r') {
      length--;
      if (kept.length() > length) kept.setLength((int) length);
    }
    return new Line(kept.toString(), length);
  }

  private boolean fill() throws IOException {
    if (eof) return false;
    int n;
    do {
      n = in.read(buffer);
    } while (n == 0);
    if (n < 0) {
      eof = true;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
