package dev.longhaul.model;

import java.io.IOException;
import okio.BufferedSource;

/** Reads the {@code data} of server-sent events, one event at a time. */
public final class ServerSentEvents {
  private final BufferedSource source;

  public ServerSentEvents(BufferedSource source) {
    this.source = source;
  }

  /**
   * The next event's data (its {@code data:} lines joined by newlines), or null at the end of the
   * stream. Comments, {@code event:} and {@code id:} lines are skipped; the event type is read from
   * the data's own {@code type} field, which the Responses API always sets.
   */
  public String next() throws IOException {
    StringBuilder data = null;
    String line;
    while ((line = source.readUtf8Line()) != null) {
      if (line.isEmpty()) {
        if (data != null) return data.toString();
        continue;
      }
      if (line.startsWith("data:")) {
        String value = line.substring(line.startsWith("data: ") ? 6 : 5);
        if (value.equals("[DONE]")) continue;
        if (data == null) data = new StringBuilder(value);
        else data.append('\n').append(value);
      }
    }
    return data == null ? null : data.toString();
  }
}
