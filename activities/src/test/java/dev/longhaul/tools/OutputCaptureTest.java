package dev.longhaul.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputCaptureTest {
  private static String capture(int half, String output) throws IOException {
    return capture(half, new ByteArrayInputStream(output.getBytes(StandardCharsets.UTF_8)));
  }

  private static String capture(int half, InputStream output) throws IOException {
    OutputCapture capture = new OutputCapture(half);
    capture.drain(output);
    return capture.text();
  }

  /** Distinct characters, so that a byte kept from the wrong place shows. */
  private static String numbered(int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) text.append((char) ('a' + i % 26));
    return text.toString();
  }

  @Test
  void emptyOutput_isEmpty() throws IOException {
    assertThat(capture(4, "")).isEmpty();
  }

  @Test
  void outputUpToTheHalf_isKeptWhole() throws IOException {
    assertThat(capture(4, "abc")).isEqualTo("abc");
    assertThat(capture(4, "abcd")).isEqualTo("abcd");
  }

  @Test
  void outputBetweenOneAndTwoHalves_isKeptWholeWithoutAMarker() throws IOException {
    assertThat(capture(4, "abcdef")).isEqualTo("abcdef");
  }

  @Test
  void outputOfExactlyTwoHalves_isKeptWholeWithoutAMarker() throws IOException {
    assertThat(capture(4, "abcdefgh")).isEqualTo("abcdefgh");
  }

  @Test
  void outputOneByteOverTwoHalves_keepsHeadAndTailAndCountsTheOneOmittedByte()
      throws IOException {
    assertThat(capture(4, "abcdefghi"))
        .isEqualTo("abcd\n[… 1 bytes of output omitted …]\nfghi");
  }

  @Test
  void largerOutput_keepsTheFirstAndLastHalfAndCountsWhatFellBetween() throws IOException {
    assertThat(capture(4, "0123456789ABCDEFGHIJ"))
        .isEqualTo("0123\n[… 12 bytes of output omitted …]\nGHIJ");
  }

  @Test
  void tailOfAnyLength_isInOrder_howeverTheRingBufferWrapped() throws IOException {
    // Every length from no wrap to several wraps of the 4-byte tail buffer.
    for (int length = 9; length <= 40; length++) {
      String text = numbered(length);
      String expected =
          text.substring(0, 4)
              + "\n[… " + (length - 8) + " bytes of output omitted …]\n"
              + text.substring(length - 4);

      assertThat(capture(4, text)).as("length %d", length).isEqualTo(expected);
    }
  }

  @Test
  void outputReadInManyChunks_keepsHeadAndTailAcrossChunkBoundaries() throws IOException {
    // Longer than the 8 KiB read buffer, and handed over a few bytes per read.
    String text = numbered(20_003);
    InputStream trickle =
        new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 7));
          }
        };

    assertThat(capture(100, trickle))
        .isEqualTo(
            text.substring(0, 100)
                + "\n[… 19803 bytes of output omitted …]\n"
                + text.substring(20_003 - 100));
  }

  private static OutputCapture drained(int half, String output) throws IOException {
    OutputCapture capture = new OutputCapture(half);
    capture.drain(new ByteArrayInputStream(output.getBytes(StandardCharsets.UTF_8)));
    return capture;
  }

  @Test
  void last_ofOutputShorterThanAsked_isAllOfIt() throws IOException {
    assertThat(drained(8, "").last(5)).isEmpty();
    assertThat(drained(8, "abc").last(5)).isEqualTo("abc");
  }

  @Test
  void last_isTheEndOfTheOutput_afterHowMuchCameBefore_howeverTheRingBufferWrapped()
      throws IOException {
    for (int length = 6; length <= 40; length++) {
      String text = numbered(length);
      String expected =
          "[… " + (length - 5) + " earlier bytes not shown …]\n" + text.substring(length - 5);

      assertThat(drained(8, text).last(5)).as("length %d", length).isEqualTo(expected);
    }
  }

  @Test
  void last_neverAsksForMoreThanTheTailKeeps() throws IOException {
    assertThat(drained(4, "0123456789").last(100))
        .isEqualTo("[… 6 earlier bytes not shown …]\n6789");
  }

  @Test
  void last_startsAtAWholeCharacter() throws IOException {
    // Three two-byte characters: the last 3 bytes begin inside the second one.
    assertThat(drained(8, "ééé").last(3)).isEqualTo("[… 4 earlier bytes not shown …]\né");
  }
}
