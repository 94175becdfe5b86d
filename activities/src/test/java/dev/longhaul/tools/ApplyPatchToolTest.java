package dev.longhaul.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.longhaul.contract.CommandInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyPatchToolTest {
  private final ToolHarness ws;
  private final ApplyPatchTool tool = new ApplyPatchTool();

  ApplyPatchToolTest(@TempDir Path dir) {
    ws = new ToolHarness(dir);
  }

  /** The arguments of a call with this patch: built, not parsed, as patches are full of quotes. */
  static JsonNode patchArgs(String patch) {
    return JsonNodeFactory.instance.objectNode().put("input", patch);
  }

  private ToolOutput apply(String patch) throws ToolException {
    return ws.run(tool, patchArgs(patch));
  }

  @Test
  void addFile_createsItAndItsParentDirectories() throws Exception {
    ToolOutput out = apply("*** Begin Patch\n*** Add File: a/b/new.txt\n+one\n+two\n*** End Patch");

    assertEquals("one\ntwo\n", ws.read("a/b/new.txt"));
    assertFalse(out.failed());
    assertEquals("Success. Updated the following files:\nA a/b/new.txt", out.text());
  }

  @Test
  void deleteFile_removesIt() throws Exception {
    ws.write("old.txt", "bye\n");

    ToolOutput out = apply("*** Begin Patch\n*** Delete File: old.txt\n*** End Patch");

    assertFalse(ws.exists("old.txt"));
    assertEquals("Success. Updated the following files:\nD old.txt", out.text());
  }

  @Test
  void updateFile_withSeveralHunks_changesOnlyTheHunkLines() throws Exception {
    ws.write("f.txt", "1\n2\n3\n4\n5\n6\n7\n8\n");

    ToolOutput out =
        apply(
            """
            *** Begin Patch
            *** Update File: f.txt
            @@
             1
            -2
            +two
             3
            @@
             7
            -8
            +eight
            +nine
            *** End Patch
            """);

    assertEquals("1\ntwo\n3\n4\n5\n6\n7\neight\nnine\n", ws.read("f.txt"));
    assertEquals("Success. Updated the following files:\nM f.txt", out.text());
  }

  @Test
  void updateWithContextHeader_replacesOnlyTheMatchingOccurrence() throws Exception {
    ws.write("A.java", "void a() {\n  go();\n}\nvoid b() {\n  go();\n}\n");

    apply(
        "*** Begin Patch\n"
            + "*** Update File: A.java\n"
            + "@@ void b() {\n"
            + "-  go();\n"
            + "+  stop();\n"
            + "*** End Patch");

    assertEquals(
        "void a() {\n  go();\n}\nvoid b() {\n  stop();\n}\n",
        ws.read("A.java"));
  }

  @Test
  void endOfFileHunk_editsTheLastOccurrence() throws Exception {
    ws.write("f.txt", "}\n}\n");

    apply(
        "*** Begin Patch\n"
            + "*** Update File: f.txt\n"
            + "@@\n"
            + "-}\n"
            + "+} // end\n"
            + "*** End of File\n"
            + "*** End Patch");

    assertEquals("}\n} // end\n", ws.read("f.txt"));
  }

  @Test
  void whitespaceDifferences_stillMatch() throws Exception {
    ws.write("f.py", "def f():\n\treturn 1  \n");

    apply(
        "*** Begin Patch\n"
            + "*** Update File: f.py\n"
            + " def f():\n"
            + "-    return 1\n"
            + "+\treturn 2\n"
            + "*** End Patch");

    assertEquals("def f():\n\treturn 2\n", ws.read("f.py"));
  }

  @Test
  void fileWithoutTrailingNewline_keepsLackingIt() throws Exception {
    ws.write("f.txt", "a\nb");

    apply("*** Begin Patch\n*** Update File: f.txt\n a\n-b\n+c\n*** End Patch");

    assertEquals("a\nc", ws.read("f.txt"));
  }

  @Test
  void moveTo_writesTheEditedFileAtTheNewPathAndRemovesTheOld() throws Exception {
    ws.write("src/App.java", "class App {}\n");

    ToolOutput out =
        apply(
            """
            *** Begin Patch
            *** Update File: src/App.java
            *** Move to: src/main/Main.java
            -class App {}
            +class Main {}
            *** End Patch""");

    assertFalse(ws.exists("src/App.java"));
    assertEquals("class Main {}\n", ws.read("src/main/Main.java"));
    assertEquals(
        "Success. Updated the following files:\nM src/main/Main.java (moved from src/App.java)",
        out.text());
  }

  @Test
  void severalOperations_areAllAppliedAndListedInPatchOrder() throws Exception {
    ws.write("keep.txt", "x\n");
    ws.write("gone.txt", "y\n");

    ToolOutput out =
        apply(
            """
            *** Begin Patch
            *** Add File: new.txt
            +n
            *** Update File: keep.txt
            -x
            +X
            *** Delete File: gone.txt
            *** End Patch""");

    assertEquals(
        "Success. Updated the following files:\nA new.txt\nM keep.txt\nD gone.txt", out.text());
    assertEquals("X\n", ws.read("keep.txt"));
    assertTrue(ws.exists("new.txt"));
    assertFalse(ws.exists("gone.txt"));
  }

  @Test
  void summarize_namesTheFirstFileAndCountsTheRest() {
    String patch =
        "*** Begin Patch\n*** Update File: src/A.java\n-a\n+b\n*** Delete File: b\n"
            + "*** Add File: c\n*** End Patch";

    assertEquals("apply_patch: src/A.java (+2 more)", tool.summarize(patchArgs(patch)));
    assertEquals(
        "apply_patch: x",
        tool.summarize(patchArgs("*** Begin Patch\n*** Delete File: x\n*** End Patch")));
    assertEquals("apply_patch", tool.summarize(JsonNodeFactory.instance.objectNode()));
  }

  @Test
  void describeCommand_namesEachFileWithWhatThePatchDoesToIt_andIsNeverKnownSafe() {
    String patch =
        "*** Begin Patch\n*** Update File: a.txt\n*** Move to: b.txt\n@@\n-a\n+b\n*** Add File: c.txt\n+c\n"
            + "*** Delete File: d.txt\n*** End Patch";

    assertEquals(
        new CommandInfo("apply_patch: update a.txt (move to b.txt), add c.txt, delete d.txt", ".", false, null),
        tool.describeCommand(patchArgs(patch)));
    assertEquals(new CommandInfo("apply_patch", ".", false, null), tool.describeCommand(JsonNodeFactory.instance.objectNode()));
  }

  @Test
  void schema_requiresOnlyTheInputString() throws Exception {
    JsonNode expected =
        new ObjectMapper()
            .readTree(
                """
                {"type": "object",
                 "properties": {"input": {"type": "string",
                   "description": "The whole patch, from *** Begin Patch to *** End Patch."}},
                 "required": ["input"], "additionalProperties": false}""");

    assertEquals(expected, tool.parameters());
    assertEquals("apply_patch", tool.name());
    assertFalse(tool.readOnly());
    assertTrue(tool.description().contains("*** Begin Patch"));
  }
}
