package dev.longhaul.tools;

import static dev.longhaul.tools.ApplyPatchToolTest.patchArgs;
import static dev.longhaul.tools.ToolHarness.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Patches that must be refused with a message for the model, leaving every file as it was. */
class ApplyPatchToolRefusalTest {
  @TempDir Path root;

  private ToolHarness ws;

  @BeforeEach
  void files() throws IOException {
    ws = ToolHarness.besideASecret(root);
    ws.write("a.txt", "alpha\nbeta\n");
  }

  /** Runs the patch, expects a refusal, and checks that nothing under the root changed. */
  private String refused(String patch) throws IOException {
    return refused(patchArgs(patch));
  }

  private String refused(JsonNode arguments) throws IOException {
    Map<String, String> before = snapshot();
    String message = ws.error(new ApplyPatchTool(), arguments);
    assertEquals(before, snapshot());
    assertTrue(message.endsWith("No files were changed."), message);
    return message;
  }

  private Map<String, String> snapshot() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.toList()) {
        boolean file = Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        files.put(root.relativize(p).toString(), file ? Files.readString(p) : "<not a file>");
      }
    }
    return files;
  }

  @Test
  void movingARelativeSymlinkToAnotherDepth_isRefused_soNothingOutsideIsWritten() throws IOException {
    // a/cfg -> ../a.txt resolves inside; moved to the root it would point at ../a.txt, outside.
    Files.createDirectories(ws.dir().resolve("a"));
    Files.createSymbolicLink(ws.dir().resolve("a/cfg"), Path.of("../a.txt"));
    Files.writeString(ws.outside().resolveSibling("a.txt"), "outside\n");

    String message = refused("*** Begin Patch\n*** Update File: a/cfg\n*** Move to: cfg\n@@\n-alpha\n+pwned\n*** End Patch");

    assertTrue(message.contains("cannot move a/cfg: it is a symbolic link"), message);
    assertEquals("outside\n", Files.readString(ws.outside().resolveSibling("a.txt")));
  }

  @Test
  void updatingThroughASymlinkInsideTheWorkspace_isRefused() throws IOException {
    Files.createSymbolicLink(ws.dir().resolve("link.txt"), Path.of("a.txt"));

    String message = refused("*** Begin Patch\n*** Update File: link.txt\n@@\n-alpha\n+gamma\n*** End Patch");

    assertTrue(message.contains("cannot update link.txt: it is a symbolic link"), message);
  }

  @Test
  void patchWithoutBegin_changesNothing() throws IOException {
    String message = refused("*** Add File: b.txt\n+b\n*** End Patch");

    assertTrue(message.contains("must start with '*** Begin Patch'"), message);
  }

  @Test
  void patchWithoutEnd_changesNothing() throws IOException {
    String message = refused("*** Begin Patch\n*** Add File: b.txt\n+b\n");

    assertTrue(message.contains("must end with '*** End Patch'"), message);
  }

  @Test
  void hunkLineWithABadPrefix_changesNothing() throws IOException {
    String message =
        refused("*** Begin Patch\n*** Update File: a.txt\n-alpha\n*beta\n*** End Patch");

    assertTrue(message.startsWith("patch line 4:"), message);
  }

  @Test
  void unknownHeader_changesNothing() throws IOException {
    String message = refused("*** Begin Patch\n*** Copy File: a.txt\n*** End Patch");

    assertTrue(message.contains("found '*** Copy File: a.txt'"), message);
  }

  @Test
  void hunkThatDoesNotMatch_changesNoFile_evenWhenEarlierOperationsWereValid() throws IOException {
    ws.write("c.txt", "gamma\n");
    ws.write("d.txt", "delta\n");

    String message =
        refused(
            """
            *** Begin Patch
            *** Add File: new.txt
            +new
            *** Update File: a.txt
            -alpha
            +ALPHA
            *** Delete File: c.txt
            *** Update File: d.txt
            -epsilon
            +zeta
            *** End Patch""");

    assertTrue(message.startsWith("hunk 1 of d.txt did not match"), message);
  }

  @Test
  void hunkThatDoesNotMatch_showsTheLinesItLookedFor() throws IOException {
    String message =
        refused(
            "*** Begin Patch\n*** Add File: new.txt\n+n\n*** Update File: a.txt\n"
                + " alpha\n-gamma\n+delta\n*** End Patch");

    assertTrue(message.startsWith("hunk 1 of a.txt did not match"), message);
    assertTrue(message.contains("|alpha|\n|gamma|"), message);
  }

  @Test
  void updateOfAMissingFile_isRefused() throws IOException {
    String message = refused("*** Begin Patch\n*** Update File: nope.txt\n-a\n*** End Patch");

    assertTrue(message.startsWith("cannot update nope.txt: the file does not exist"), message);
  }

  @Test
  void deleteOfAMissingFile_isRefused() throws IOException {
    String message = refused("*** Begin Patch\n*** Delete File: nope.txt\n*** End Patch");

    assertTrue(message.startsWith("cannot delete nope.txt: the file does not exist"), message);
  }

  @Test
  void addOfAnExistingFile_isRefused() throws IOException {
    String message = refused("*** Begin Patch\n*** Add File: a.txt\n+new\n*** End Patch");

    assertTrue(message.startsWith("cannot add a.txt: it already exists"), message);
  }

  @Test
  void moveOntoAnExistingFile_isRefused() throws IOException {
    ws.write("b.txt", "b\n");

    String message =
        refused("*** Begin Patch\n*** Update File: a.txt\n*** Move to: b.txt\n*** End Patch");

    assertTrue(message.startsWith("cannot move a.txt to b.txt: it already exists"), message);
  }

  @Test
  void sameFileTwice_isRefused() throws IOException {
    String message =
        refused(
            "*** Begin Patch\n*** Delete File: a.txt\n*** Add File: ./a.txt\n+x\n*** End Patch");

    assertTrue(message.startsWith("./a.txt appears twice in the patch"), message);
  }

  @Test
  void pathEscapingWithDotDot_isRefused() throws IOException {
    String message =
        refused("*** Begin Patch\n*** Add File: ../outside/evil.txt\n+x\n*** End Patch");

    assertTrue(message.startsWith("path is outside the workspace"), message);
  }

  @Test
  void absolutePathOutsideTheWorkspace_isRefused() throws IOException {
    Path secret = ws.outside().resolve("secret.txt");
    String patch = "*** Begin Patch\n*** Delete File: " + secret + "\n*** End Patch";

    String message = refused(patch);

    assertTrue(message.startsWith("path is outside the workspace"), message);
  }

  @Test
  void symlinkPointingOutside_isRefusedForUpdateAndForFilesBeneathIt() throws IOException {
    Files.createSymbolicLink(ws.dir().resolve("link.txt"), ws.outside().resolve("secret.txt"));
    Files.createSymbolicLink(ws.dir().resolve("linkdir"), ws.outside());

    String update =
        refused("*** Begin Patch\n*** Update File: link.txt\n-secret\n+owned\n*** End Patch");
    String add = refused("*** Begin Patch\n*** Add File: linkdir/evil.txt\n+x\n*** End Patch");

    assertTrue(update.startsWith("path leaves the workspace through a symbolic link"), update);
    assertTrue(add.startsWith("path leaves the workspace through a symbolic link"), add);
  }

  @Test
  void missingInputArgument_isRefused() throws IOException {
    String message = refused(args("{'patch': 'x'}"));

    assertTrue(message.startsWith("apply_patch needs the argument \"input\""), message);
  }
}
