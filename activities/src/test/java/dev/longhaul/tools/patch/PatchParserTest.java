package dev.longhaul.tools.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.longhaul.tools.patch.FileOp.AddFile;
import dev.longhaul.tools.patch.FileOp.DeleteFile;
import dev.longhaul.tools.patch.FileOp.UpdateFile;
import dev.longhaul.tools.patch.Hunk.Line;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatchParserTest {
  @Test
  void addDeleteAndUpdate_becomeOneRecordEachInPatchOrder() throws PatchException {
    Patch patch =
        PatchParser.parse(
            """
            *** Begin Patch
            *** Add File: docs/new.txt
            +line one
            +
            +line three
            *** Delete File: old.txt
            *** Update File: src/App.java
            @@ class App
             void run() {
            -  start();
            +  start(true);
             }
            *** End Patch
            """);

    Hunk hunk =
        new Hunk(
            "class App",
            List.of(
                Line.context("void run() {"),
                Line.remove("  start();"),
                Line.add("  start(true);"),
                Line.context("}")),
            false);
    assertEquals(
        new Patch(
            List.of(
                new AddFile("docs/new.txt", "line one\n\nline three\n"),
                new DeleteFile("old.txt"),
                new UpdateFile("src/App.java", null, List.of(hunk)))),
        patch);
  }

  @Test
  void moveTo_andSeveralHunks_withTheFirstHeaderOmitted() throws PatchException {
    Patch patch =
        PatchParser.parse(
            """
            *** Begin Patch
            *** Update File: a.txt
            *** Move to: b.txt
            -one
            +uno
            @@
             five
            +six
            *** End of File
            *** End Patch""");

    assertEquals(
        new UpdateFile(
            "a.txt",
            "b.txt",
            List.of(
                new Hunk(null, List.of(Line.remove("one"), Line.add("uno")), false),
                new Hunk(null, List.of(Line.context("five"), Line.add("six")), true))),
        patch.ops().get(0));
  }

  @Test
  void emptyLineInsideAHunk_isAnEmptyContextLine_butTrailingOnesSeparateSections()
      throws PatchException {
    Patch patch =
        PatchParser.parse(
            "*** Begin Patch\n"
                + "*** Update File: a\n"
                + "@@\n"
                + " a\n\n"
                + "-b\n\n\n"
                + "*** Delete File: c\n"
                + "*** End Patch");

    UpdateFile update = (UpdateFile) patch.ops().get(0);
    assertEquals(
        List.of(Line.context("a"), Line.context(""), Line.remove("b")),
        update.hunks().get(0).lines());
    assertEquals(new DeleteFile("c"), patch.ops().get(1));
  }

  @Test
  void surroundingBlankLinesAndCarriageReturns_areTolerated() throws PatchException {
    Patch patch =
        PatchParser.parse("\n\n  *** Begin Patch\r\n*** Add File: x\r\n+hi\r\n*** End Patch\r\n\n");

    assertEquals(new Patch(List.of(new AddFile("x", "hi\n"))), patch);
  }

  @Test
  void addFileWithoutLines_isAnEmptyFile() throws PatchException {
    Patch patch = PatchParser.parse("*** Begin Patch\n*** Add File: empty\n*** End Patch");

    assertEquals(new AddFile("empty", ""), patch.ops().get(0));
  }

  @Test
  void missingBegin_isRefusedAtLineOne() {
    PatchException e =
        assertThrows(
            PatchException.class, () -> PatchParser.parse("*** Add File: x\n+a\n*** End Patch"));

    assertEquals("patch line 1: the patch must start with '*** Begin Patch'", e.getMessage());
  }

  @Test
  void missingEnd_isRefusedAtTheLastLine() {
    PatchException e =
        assertThrows(
            PatchException.class,
            () -> PatchParser.parse("*** Begin Patch\n*** Add File: x\n+a\n"));

    assertEquals("patch line 3: the patch must end with '*** End Patch'", e.getMessage());
  }

  @Test
  void hunkLineWithoutAMarker_isRefusedWithItsLineNumber() {
    String patch = "*** Begin Patch\n*** Update File: a\n@@\n a\nb\n*** End Patch";

    PatchException e = assertThrows(PatchException.class, () -> PatchParser.parse(patch));

    assertTrue(
        e.getMessage().startsWith("patch line 5: a hunk line must start with"), e.getMessage());
  }

  @Test
  void unknownHeader_isRefusedWithItsLineNumber() {
    String patch = "*** Begin Patch\n*** Rename File: a\n*** End Patch";

    PatchException e = assertThrows(PatchException.class, () -> PatchParser.parse(patch));

    assertTrue(e.getMessage().startsWith("patch line 2: expected '*** Add File:"), e.getMessage());
    assertTrue(e.getMessage().contains("found '*** Rename File: a'"), e.getMessage());
  }

  @Test
  void addedFileLineWithoutPlus_isRefused() {
    String patch = "*** Begin Patch\n*** Add File: a\n+one\ntwo\n*** End Patch";

    PatchException e = assertThrows(PatchException.class, () -> PatchParser.parse(patch));

    assertTrue(e.getMessage().startsWith("patch line 4: every line of an added file"));
  }

  @Test
  void updateWithoutHunksOrMove_isRefused() {
    String patch = "*** Begin Patch\n*** Update File: a\n*** End Patch";

    PatchException e = assertThrows(PatchException.class, () -> PatchParser.parse(patch));

    assertEquals("patch line 2: '*** Update File: a' has no hunks", e.getMessage());
  }

  @Test
  void hunkAfterEndOfFile_mustStartWithItsOwnHeader() {
    String patch = "*** Begin Patch\n*** Update File: a\n-x\n*** End of File\n-y\n*** End Patch";

    PatchException e = assertThrows(PatchException.class, () -> PatchParser.parse(patch));

    assertEquals("patch line 5: expected '@@' to start the next hunk", e.getMessage());
  }

  @Test
  void patchWithoutFiles_isRefused() {
    PatchException e =
        assertThrows(
            PatchException.class, () -> PatchParser.parse("*** Begin Patch\n*** End Patch"));

    assertEquals("patch line 2: the patch changes no files", e.getMessage());
  }
}
