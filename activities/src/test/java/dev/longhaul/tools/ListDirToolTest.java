package dev.longhaul.tools;

import static dev.longhaul.tools.ToolHarness.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListDirToolTest {
  private final ToolHarness ws;
  private final ListDirTool tool = new ListDirTool();

  ListDirToolTest(@TempDir Path dir) {
    ws = new ToolHarness(dir);
  }

  private String list(String args) throws Exception {
    return ws.text(tool, args);
  }

  private String error(String args) {
    return ws.error(tool, args);
  }

  @Test
  void listDir_root_listsEntriesByNameWithDirectoriesMarkedAndFileSizes() throws Exception {
    ws.write("pom.xml", "12345");
    Files.createDirectories(ws.dir().resolve("src/main"));
    ws.write("README.md", "");
    Files.write(ws.dir().resolve("big.bin"), new byte[1234]);
    assertEquals(
        "README.md (0 bytes)\nbig.bin (1,234 bytes)\npom.xml (5 bytes)\nsrc/",
        list("{'path': '.'}"));
  }

  @Test
  void listDir_subdirectory_listsOnlyItsOwnEntries() throws Exception {
    Files.createDirectories(ws.dir().resolve("src/main/java"));
    ws.write("src/main/App.java", "x");
    assertEquals("App.java (1 bytes)\njava/", list("{'path': 'src/main'}"));
  }

  @Test
  void listDir_symbolicLinks_areShownWithTheirTargetsNotFollowed() throws Exception {
    Files.createDirectory(ws.dir().resolve("lib"));
    Files.createSymbolicLink(ws.dir().resolve("current"), Path.of("lib"));
    Files.createSymbolicLink(ws.dir().resolve("etc"), Path.of("/etc"));
    assertEquals("current -> lib\netc -> /etc\nlib/", list("{'path': '.'}"));
  }

  @Test
  void listDir_moreThanAThousandEntries_keepsTheFirstThousandByNameAndCountsTheRest()
      throws Exception {
    for (int i = 1005; i >= 1; i--) {
      ws.write(String.format("f%04d", i), "");
    }
    String[] lines = list("{'path': '.'}").split("\n");
    assertEquals(1001, lines.length);
    assertEquals("f0001 (0 bytes)", lines[0]);
    assertEquals("f1000 (0 bytes)", lines[999]);
    assertEquals("[... 5 more entries not shown; 1,005 in all]", lines[1000]);
  }

  @Test
  void listDir_emptyDirectory_saysItIsEmpty() throws Exception {
    assertEquals("[empty directory]", list("{'path': '.'}"));
  }

  @Test
  void listDir_missingPath_isAnError() throws Exception {
    assertEquals("list_dir: nope does not exist", error("{'path': 'nope'}"));
  }

  @Test
  void listDir_file_isAnErrorSayingItIsNotADirectory() throws Exception {
    ws.write("a.txt", "x");
    assertTrue(error("{'path': 'a.txt'}").startsWith("list_dir: a.txt is not a directory"));
  }

  @Test
  void listDir_outsideTheWorkspace_isRefused() throws Exception {
    assertTrue(error("{'path': '..'}").contains("outside the workspace"));
  }

  @Test
  void listDir_throughALinkLeavingTheWorkspace_isRefused() throws Exception {
    Files.createSymbolicLink(ws.dir().resolve("etc"), Path.of("/etc"));
    assertTrue(error("{'path': 'etc'}").contains("symbolic link"));
  }

  @Test
  void listDir_describesItselfAsAReadOnlyToolWithAClosedSchema() throws Exception {
    assertEquals("list_dir", tool.name());
    assertTrue(tool.readOnly());
    assertFalse(tool.parameters().path("additionalProperties").asBoolean(true));
    assertEquals("list_dir: src", tool.summarize(args("{'path': 'src'}")));
  }
}
