package dev.longhaul.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {

  private static List<String> read(String stream) throws IOException {
    ServerSentEvents events = new ServerSentEvents(new Buffer().writeUtf8(stream));
    List<String> data = new ArrayList<>();
    String next;
    while ((next = events.next()) != null) data.add(next);
    return data;
  }

  @Test
  void eachEventsData_isReturnedInOrder() throws IOException {
    assertThat(read("data: {\"a\":1}\n\ndata: {\"b\":2}\n\n")).containsExactly("{\"a\":1}", "{\"b\":2}");
  }

  @Test
  void multiLineData_isJoinedWithNewlines() throws IOException {
    assertThat(read("data: first\ndata: second\ndata:third\n\n"))
        .containsExactly("first\nsecond\nthird");
  }

  @Test
  void onlyOneSpaceAfterTheColon_isDropped() throws IOException {
    assertThat(read("data:  two spaces\n\ndata:none\n\n")).containsExactly(" two spaces", "none");
  }

  @Test
  void commentsEventAndIdLines_areSkipped() throws IOException {
    String stream =
        ": keep-alive\n"
            + "event: response.created\n"
            + "id: 17\n"
            + "retry: 1000\n"
            + "data: {\"type\":\"response.created\"}\n"
            + "\n"
            + ": another comment\n"
            + "\n"
            + "event: response.completed\n"
            + "data: {\"type\":\"response.completed\"}\n"
            + "\n";

    assertThat(read(stream))
        .containsExactly("{\"type\":\"response.created\"}", "{\"type\":\"response.completed\"}");
  }

  @Test
  void done_isIgnored() throws IOException {
    assertThat(read("data: {\"a\":1}\n\ndata: [DONE]\n\n")).containsExactly("{\"a\":1}");
  }

  @Test
  void blankLinesWithoutData_produceNoEvent() throws IOException {
    assertThat(read("\n\n\ndata: x\n\n\n\n")).containsExactly("x");
  }

  @Test
  void crlfLineEndings_areUnderstood() throws IOException {
    assertThat(read("event: e\r\ndata: {\"a\":1}\r\n\r\ndata: {\"b\":2}\r\n\r\n"))
        .containsExactly("{\"a\":1}", "{\"b\":2}");
  }

  @Test
  void theLastEvent_withoutATrailingBlankLine_isStillReturned() throws IOException {
    assertThat(read("data: {\"a\":1}\n\ndata: {\"last\":true}")).containsExactly("{\"a\":1}", "{\"last\":true}");
    assertThat(read("data: {\"last\":true}\n")).containsExactly("{\"last\":true}");
  }

  @Test
  void anEmptyStream_hasNoEvents() throws IOException {
    assertThat(read("")).isEmpty();
    assertThat(read(": just a comment\n\n")).isEmpty();
  }

  @Test
  void nonAsciiData_isDecodedAsUtf8() throws IOException {
    assertThat(read("data: café — \uD83D\uDE00\n\n")).containsExactly("café — \uD83D\uDE00");
  }
}
