package dev.longhaul.tools;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a running call has done so far, carried by its heartbeats: if the attempt is lost with its
 * worker, the next attempt reads the last one Temporal received and tells the model. Bounded, since
 * Temporal keeps it with the activity.
 *
 * @param elapsedSeconds how long the call had run
 * @param output the end of its output so far, at most {@link #OUTPUT_BYTES} bytes of it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToolProgress(long elapsedSeconds, String output) {
  public static final int OUTPUT_BYTES = 8 * 1024;
}
