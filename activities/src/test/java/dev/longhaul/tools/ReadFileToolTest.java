package dev.longhaul.tools;

import static dev.longhaul.tools.ToolHarness.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadFileToolTest {
  private final ToolHarness ws;
  private final ReadFileTool tool = new ReadFileTool();

  ReadFileToolTest(@TempDir Path dir) {
    ws = new ToolHarness(dir);
  }

  private String read(String args) throws Exception {
    return ws.text(tool, args);
  }

  private String error(String args) {
    return ws.error(tool, args);
  }

  private void writeLines(String name, int count) throws IOException {
    String text =
        IntStream.rangeClosed(1, count)
            .mapToObj(i -> "line " + i)
            .collect(Collectors.joining("\n"));
    ws.write(name, text + "\n");
  }

  @Test
  void readFile_smallFile_returnsEveryLineNumberedWithATab() throws Exception {
    ws.write("App.java", "class App {\n}\n");
    assertEquals("1\tclass App {\n2\t}", read("{'path': 'App.java'}"));
  }

  @Test
  void readFile_withLineRange_returnsOnlyThoseLinesNumbered() throws Exception {
    writeLines("a.txt", 20);
    assertEquals(
        "12\tline 12\n13\tline 13\n14\tline 14\n"
            + "[... file continues: 20 lines in all; read more with start_line=15]",
        read("{'path': 'a.txt', 'start_line': 12, 'end_line': 14}"));
  }

  @Test
  void readFile_startLineOnly_readsToTheEnd() throws Exception {
    writeLines("a.txt", 5);
    assertEquals("4\tline 4\n5\tline 5", read("{'path': 'a.txt', 'start_line': 4}"));
  }

  @Test
  void readFile_lineNumbersQuotedAsStrings_areAccepted() throws Exception {
    writeLines("a.txt", 5);
    assertTrue(
        read("{'path': 'a.txt', 'start_line': '2', 'end_line': '2'}")
            .startsWith("2\tline 2\n[..."));
  }

  @Test
  void readFile_endLinePastTheEnd_showsUpToTheLastLine() throws Exception {
    writeLines("a.txt", 3);
    assertEquals("3\tline 3", read("{'path': 'a.txt', 'start_line': 3, 'end_line': 99}"));
  }

  @Test
  void readFile_longFile_showsTwoThousandLinesAndSaysWhereToGoOn() throws Exception {
    writeLines("big.txt", 5321);
    String text = read("{'path': 'big.txt'}");
    String[] lines = text.split("\n");
    assertEquals(2001, lines.length);
    assertEquals("1\tline 1", lines[0]);
    assertEquals("2000\tline 2000", lines[1999]);
    assertEquals(
        "[... file continues: 5,321 lines in all; read more with start_line=2001]", lines[2000]);
  }

  @Test
  void readFile_rangeWiderThanTheCap_isShortenedToTwoThousandLines() throws Exception {
    writeLines("big.txt", 5000);
    String[] lines = read("{'path': 'big.txt', 'start_line': 10, 'end_line': 4000}").split("\n");
    assertEquals(2001, lines.length);
    assertEquals("2009\tline 2009", lines[1999]);
    assertTrue(lines[2000].endsWith("read more with start_line=2010]"));
  }

  @Test
  void readFile_lastPageOfALongFile_hasNoNote() throws Exception {
    writeLines("big.txt", 2500);
    String text = read("{'path': 'big.txt', 'start_line': 2001}");
    assertTrue(text.endsWith("2500\tline 2500"));
  }

  @Test
  void readFile_veryLongLine_isCutWithAMarker() throws Exception {
    ws.write("min.js", "x".repeat(100_000) + "\nshort\n");
    String[] lines = read("{'path': 'min.js'}").split("\n");
    assertEquals("1\t" + "x".repeat(2000) + " [... line cut: 100,000 chars in all]", lines[0]);
    assertEquals("2\tshort", lines[1]);
  }

  @Test
  void readFile_windowsLineEndings_areNotShown() throws Exception {
    ws.write("w.txt", "one\r\ntwo\r\n");
    assertEquals("1\tone\n2\ttwo", read("{'path': 'w.txt'}"));
  }

  @Test
  void readFile_lastLineWithoutNewline_isStillALine() throws Exception {
    ws.write("a.txt", "one\n\nthree");
    assertEquals("1\tone\n2\t\n3\tthree", read("{'path': 'a.txt'}"));
  }

  @Test
  void readFile_emptyFile_saysItIsEmpty() throws Exception {
    ws.write("empty.txt", "");
    assertEquals("[empty.txt is empty]", read("{'path': 'empty.txt'}"));
  }

  @Test
  void readFile_multibyteCharacterCutByTheSniffWindow_isStillText() throws Exception {
    // 81 lines of 100 bytes, then 91 more: the two bytes of "é" straddle byte 8192.
    String text = ("a".repeat(99) + "\n").repeat(81) + "a".repeat(91) + "é\n";
    ws.write("u.txt", text);
    assertTrue(read("{'path': 'u.txt'}").endsWith("82\t" + "a".repeat(91) + "é"));
  }

  @Test
  void readFile_binaryFile_isRefusedWithAClearError() throws Exception {
    byte[] classFile = {(byte) 0xCA, (byte) 0xFE, 0, 0, 'x'};
    Files.write(ws.dir().resolve("app.class"), classFile);
    assertEquals(
        "read_file: app.class is a binary file (5 bytes); not shown",
        error("{'path': 'app.class'}"));
  }

  @Test
  void readFile_invalidUtf8_isRefusedAsBinary() throws Exception {
    byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9, '\n'};
    Files.write(ws.dir().resolve("latin1.txt"), latin1);
    assertEquals(
        "read_file: latin1.txt is a binary file (5 bytes); not shown",
        error("{'path': 'latin1.txt'}"));
  }

  @Test
  void readFile_missingFile_isAnError() throws Exception {
    assertEquals("read_file: nope.txt does not exist", error("{'path': 'nope.txt'}"));
  }

  @Test
  void readFile_directory_isAnError() throws Exception {
    Files.createDirectory(ws.dir().resolve("src"));
    assertTrue(error("{'path': 'src'}").startsWith("read_file: src is a directory"));
  }

  @Test
  void readFile_startLineBelowOne_isAnError() throws Exception {
    writeLines("a.txt", 3);
    assertTrue(
        error("{'path': 'a.txt', 'start_line': 0}").contains("start_line must be 1 or more"));
  }

  @Test
  void readFile_endLineBeforeStartLine_isAnError() throws Exception {
    writeLines("a.txt", 10);
    assertTrue(
        error("{'path': 'a.txt', 'start_line': 5, 'end_line': 4}")
            .contains("end_line 4 is before start_line 5"));
  }

  @Test
  void readFile_startLinePastTheEnd_isAnErrorGivingTheLineCount() throws Exception {
    writeLines("a.txt", 3);
    assertEquals(
        "read_file: start_line 4 is past the end of a.txt, which has 3 lines",
        error("{'path': 'a.txt', 'start_line': 4}"));
  }

  @Test
  void readFile_nonNumericLine_isAnError() throws Exception {
    writeLines("a.txt", 3);
    assertTrue(error("{'path': 'a.txt', 'start_line': 'one'}").contains("must be an integer"));
  }

  @Test
  void readFile_withoutPath_isAnError() throws Exception {
    assertEquals("read_file: path is required", error("{}"));
  }

  @Test
  void readFile_pathOutsideTheWorkspace_isRefused() throws Exception {
    assertTrue(error("{'path': '../secret.txt'}").contains("outside the workspace"));
  }

  @Test
  void readFile_describesItselfAsAReadOnlyToolWithAClosedSchema() throws Exception {
    assertEquals("read_file", tool.name());
    assertTrue(tool.readOnly());
    assertEquals("object", tool.parameters().path("type").asText());
    assertFalse(tool.parameters().path("additionalProperties").asBoolean(true));
    assertEquals(
        "read_file: src/App.java", tool.summarize(args("{'path': 'src/App.java'}")));
    assertEquals(
        "read_file: a.txt lines 5-9",
        tool.summarize(args("{'path': 'a.txt', 'start_line': 5, 'end_line': 9}")));
  }
}
