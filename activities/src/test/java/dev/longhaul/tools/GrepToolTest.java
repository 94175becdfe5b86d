package dev.longhaul.tools;

import static dev.longhaul.tools.ToolHarness.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrepToolTest {
  private final ToolHarness ws;
  private final GrepTool tool = new GrepTool();

  GrepToolTest(@TempDir Path dir) {
    ws = new ToolHarness(dir);
  }

  private String grep(String args) throws Exception {
    return ws.text(tool, args);
  }

  private String error(String args) {
    return ws.error(tool, args);
  }

  @Test
  void grep_findsMatchesInNameOrderAsPathLineNumberAndLine() throws Exception {
    ws.write("src/b/B.java", "// TODO b\n");
    ws.write("src/a/A.java", "class A {}\n// TODO a1\n// TODO a2\n");
    ws.write("README.md", "nothing here\nTODO: docs\n");
    assertEquals(
        "README.md:2:TODO: docs\nsrc/a/A.java:2:// TODO a1\nsrc/a/A.java:3:// TODO a2\n"
            + "src/b/B.java:1:// TODO b",
        grep("{'pattern': 'TODO'}"));
  }

  @Test
  void grep_withADirectoryPath_searchesOnlyBeneathIt() throws Exception {
    ws.write("src/App.java", "TODO in src\n");
    ws.write("test/AppTest.java", "TODO in test\n");
    assertEquals("src/App.java:1:TODO in src", grep("{'pattern': 'TODO', 'path': 'src'}"));
  }

  @Test
  void grep_withAFilePath_searchesOnlyThatFile() throws Exception {
    ws.write("a.txt", "foo\nbar\nfoo bar\n");
    ws.write("b.txt", "foo\n");
    assertEquals("a.txt:1:foo\na.txt:3:foo bar", grep("{'pattern': 'fo+', 'path': 'a.txt'}"));
  }

  @Test
  void grep_patternIsAJavaRegexWithInlineFlags() throws Exception {
    ws.write("a.txt", "Error: one\nerror: two\nno problem\n");
    assertEquals("a.txt:1:Error: one\na.txt:2:error: two", grep("{'pattern': '(?i)^error:'}"));
  }

  @Test
  void grep_skipsGitTargetAndNodeModulesDirectories() throws Exception {
    ws.write(".git/config", "needle\n");
    ws.write("target/classes/x.txt", "needle\n");
    ws.write("web/node_modules/lib/index.js", "needle\n");
    ws.write("web/app.js", "needle\n");
    assertEquals("web/app.js:1:needle", grep("{'pattern': 'needle'}"));
  }

  @Test
  void grep_skipsBinaryFiles() throws Exception {
    Files.write(ws.dir().resolve("data.bin"), "needle\0\n".getBytes(StandardCharsets.US_ASCII));
    ws.write("text.txt", "needle\n");
    assertEquals("text.txt:1:needle", grep("{'pattern': 'needle'}"));
  }

  @Test
  void grep_skipsFilesOverTenMegabytes() throws Exception {
    Path huge = ws.write("huge.log", "needle\n" + "x".repeat(9000) + "\n");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(10L * 1024 * 1024 + 1);
    }
    ws.write("small.log", "needle\n");
    assertEquals("small.log:1:needle", grep("{'pattern': 'needle'}"));
  }

  @Test
  void grep_aBinaryFileNamedOutright_isAnErrorNotNoMatches() throws Exception {
    Files.write(ws.dir().resolve("data.bin"), new byte[] {'a', 0});
    assertEquals(
        "grep: data.bin is a binary file; not searched",
        error("{'pattern': 'a', 'path': 'data.bin'}"));
  }

  @Test
  void grep_doesNotFollowSymbolicLinks() throws Exception {
    ws.write("real/a.txt", "needle\n");
    Files.createSymbolicLink(ws.dir().resolve("alias"), Path.of("real"));
    Files.createSymbolicLink(ws.dir().resolve("etc"), Path.of("/etc"));
    assertEquals("real/a.txt:1:needle", grep("{'pattern': 'needle'}"));
  }

  @Test
  void grep_noMatch_saysSoWithoutFailing() throws Exception {
    ws.write("a.txt", "hay\n");
    ToolOutput output = ws.run(tool, "{'pattern': 'needle'}");
    assertEquals(ToolOutput.ok("No matches."), output);
  }

  @Test
  void grep_moreThanFiveHundredMatches_stopsAndSaysTheOutputWasLimited() throws Exception {
    ws.write("a.txt", "hit\n".repeat(600));
    String[] lines = grep("{'pattern': 'hit'}").split("\n");
    assertEquals(501, lines.length);
    assertEquals("a.txt:500:hit", lines[499]);
    assertTrue(lines[500].contains("limited to the first 500 matches"));
  }

  @Test
  void grep_exactlyFiveHundredMatches_hasNoNote() throws Exception {
    ws.write("a.txt", "hit\n".repeat(500));
    assertTrue(grep("{'pattern': 'hit'}").endsWith("a.txt:500:hit"));
  }

  @Test
  void grep_longMatchingLine_isCutAtFiveHundredChars() throws Exception {
    ws.write("min.js", "x".repeat(3000) + "needle\n");
    assertEquals(
        "min.js:1:" + "x".repeat(500) + " [... line cut: 3,006 chars in all]",
        grep("{'pattern': 'needle'}"));
  }

  @Test
  void grep_invalidRegex_isAnErrorWithTheSyntaxProblem() throws Exception {
    String message = error("{'pattern': 'foo(bar'}");
    assertTrue(message.startsWith("grep: invalid regular expression: Unclosed group"), message);
  }

  @Test
  void grep_missingPath_isAnError() throws Exception {
    assertEquals("grep: nope does not exist", error("{'pattern': 'x', 'path': 'nope'}"));
  }

  @Test
  void grep_pathOutsideTheWorkspace_isRefused() throws Exception {
    assertTrue(error("{'pattern': 'x', 'path': '../'}").contains("outside the workspace"));
  }

  @Test
  void grep_longWalk_heartbeatsEveryFewHundredFiles() throws Exception {
    for (int i = 0; i < 450; i++) ws.write("f" + i + ".txt", "x\n");
    AtomicInteger beats = new AtomicInteger();
    tool.execute(args("{'pattern': 'x'}"), ws.context(beats::incrementAndGet));
    assertEquals(2, beats.get());
  }

  @Test
  void grep_cancelledWhileWalking_stopsWithTheHeartbeatsException() throws Exception {
    for (int i = 0; i < 250; i++) ws.write("f" + i + ".txt", "x\n");
    ToolContext cancelled =
        ws.context(
            () -> {
              throw new IllegalStateException("cancelled");
            });
    JsonNode arguments = args("{'pattern': 'x'}");
    assertThrows(IllegalStateException.class, () -> tool.execute(arguments, cancelled));
  }

  @Test
  void grep_describesItselfAsAReadOnlyToolWithAClosedSchema() throws Exception {
    assertEquals("grep", tool.name());
    assertTrue(tool.readOnly());
    assertFalse(tool.parameters().path("additionalProperties").asBoolean(true));
    assertEquals(
        "grep: TODO in src", tool.summarize(args("{'pattern': 'TODO', 'path': 'src'}")));
    assertEquals("grep: TODO", tool.summarize(args("{'pattern': 'TODO'}")));
  }
}
