package dev.longhaul.tools.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.longhaul.tools.patch.FileOp.UpdateFile;
import org.junit.jupiter.api.Test;

class PatchApplierTest {
  /** Parses the hunks of a one-file update patch and applies them to {@code original}. */
  private static String apply(String original, String hunks) throws PatchException {
    Patch patch =
        PatchParser.parse("*** Begin Patch\n*** Update File: f.txt\n" + hunks + "*** End Patch");
    return PatchApplier.apply("f.txt", original, ((UpdateFile) patch.ops().get(0)).hunks());
  }

  @Test
  void severalHunks_applyInFileOrder() throws PatchException {
    String result = apply("a\nb\nc\nd\ne\nf\n", "@@\n a\n-b\n+B\n@@\n e\n-f\n+F\n");

    assertEquals("a\nB\nc\nd\ne\nF\n", result);
  }

  @Test
  void updateWithContextHeader_replacesOnlyTheMatchingOccurrence() throws PatchException {
    String original = "class A {\n  int x = 1;\n}\nclass B {\n  int x = 1;\n}\n";

    String result = apply(original, "@@ class B {\n-  int x = 1;\n+  int x = 2;\n");

    assertEquals("class A {\n  int x = 1;\n}\nclass B {\n  int x = 2;\n}\n", result);
  }

  @Test
  void withoutContextHeader_theFirstOccurrenceChanges() throws PatchException {
    assertEquals("y\nx\n", apply("x\nx\n", "-x\n+y\n"));
  }

  @Test
  void endOfFileHunk_matchesOnlyTheLastLines() throws PatchException {
    String result = apply("end\nmiddle\nend\n", "@@\n-end\n+END\n*** End of File\n");

    assertEquals("end\nmiddle\nEND\n", result);
  }

  @Test
  void endOfFileHunk_thatIsNotAtTheEnd_doesNotMatch() {
    PatchException e =
        assertThrows(PatchException.class, () -> apply("a\nb\n", "@@\n-a\n+A\n*** End of File\n"));

    assertTrue(e.getMessage().contains("did not match at the end of the file"), e.getMessage());
  }

  @Test
  void linesDifferingOnlyInWhitespace_match_andTheFileKeepsItsOwnContextLines()
      throws PatchException {
    String original = "if (x) {   \n\t\tcall();\n}\n";

    String result = apply(original, " if (x) {\n-    call();\n+    other();\n }\n");

    assertEquals("if (x) {   \n    other();\n}\n", result);
  }

  @Test
  void exactMatch_winsOverAnEarlierWhitespaceOnlyMatch() throws PatchException {
    assertEquals("  x\ny\n", apply("  x\nx\n", "-x\n+y\n"));
  }

  @Test
  void missingTrailingNewline_staysMissing() throws PatchException {
    assertEquals("a\nB", apply("a\nb", " a\n-b\n+B\n"));
  }

  @Test
  void crlfFile_keepsCrlfOnAddedLines() throws PatchException {
    assertEquals("a\r\nB\r\nc\r\n", apply("a\r\nb\r\nc\r\n", " a\n-b\n+B\n c\n"));
  }

  @Test
  void hunkWithOnlyAddedLines_insertsAfterItsContextLine() throws PatchException {
    assertEquals("x\nhead\nnew\ntail\n", apply("x\nhead\ntail\n", "@@ head\n+new\n"));
  }

  @Test
  void hunkWithOnlyAddedLines_andNoHeader_appendsAtTheEnd() throws PatchException {
    assertEquals("a\nb\n", apply("a\n", "+b\n"));
  }

  @Test
  void hunkThatMatchesNowhere_namesTheFileAndShowsTheExpectedLines() {
    PatchException e =
        assertThrows(PatchException.class, () -> apply("a\nb\n", "@@\n a\n-c\n+C\n"));

    assertEquals(
        "hunk 1 of f.txt did not match. Expected these lines (context and removed lines,"
            + " between the bars):\n|a|\n|c|",
        e.getMessage());
  }

  @Test
  void hunksOutOfFileOrder_areRefusedWithAHint() {
    PatchException e =
        assertThrows(PatchException.class, () -> apply("a\nb\nc\n", "@@\n-c\n+C\n@@\n-a\n+A\n"));

    assertTrue(e.getMessage().startsWith("hunk 2 of f.txt did not match after line 3"));
    assertTrue(e.getMessage().contains("it matches at line 1"), e.getMessage());
  }

  @Test
  void contextHeaderThatIsNotInTheFile_isRefused() {
    PatchException e =
        assertThrows(PatchException.class, () -> apply("a\n", "@@ class Missing\n-a\n+b\n"));

    assertEquals(
        "hunk 1 (@@ class Missing) of f.txt did not match: no line 'class Missing' found",
        e.getMessage());
  }

  @Test
  void removingEveryLine_leavesAnEmptyFile() throws PatchException {
    assertEquals("", apply("a\nb\n", "-a\n-b\n"));
  }
}
