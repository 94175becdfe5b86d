package dev.longhaul.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {
  @TempDir Path temp;
  private Path root;
  private Path outside;
  private Workspace workspace;

  @BeforeEach
  void setUp() throws Exception {
    ToolHarness harness = ToolHarness.besideASecret(temp);
    root = harness.dir();
    outside = harness.outside();
    workspace = harness.workspace();
  }

  private String refusal(String path) {
    return assertThrows(ToolException.class, () -> workspace.resolve(path)).getMessage();
  }

  @Test
  void resolve_relativePathInside_isResolvedAgainstTheRoot() throws Exception {
    assertEquals(root.resolve("src/App.java"), workspace.resolve("src/App.java"));
    assertEquals(root, workspace.resolve("."));
  }

  @Test
  void resolve_dotDotThatStaysInside_isNormalized() throws Exception {
    assertEquals(root.resolve("b"), workspace.resolve("a/../b"));
  }

  @Test
  void resolve_dotDotLeavingTheRoot_isRefused() {
    assertTrue(refusal("../x").contains("outside the workspace"));
    assertTrue(refusal("a/../../x").contains("outside the workspace"));
  }

  @Test
  void resolve_absolutePathInside_isAccepted() throws Exception {
    Path inside = root.resolve("src/App.java");
    assertEquals(inside, workspace.resolve(inside.toString()));
  }

  @Test
  void resolve_absolutePathOutside_isRefused() {
    assertTrue(refusal(outside.resolve("secret.txt").toString()).contains("outside the workspace"));
    assertTrue(refusal("/").contains("outside the workspace"));
  }

  @Test
  void resolve_throughALinkToADirectoryOutside_isRefusedForExistingFiles() throws Exception {
    Files.createSymbolicLink(root.resolve("escape"), outside);
    assertTrue(refusal("escape/secret.txt").contains("symbolic link"));
    assertTrue(refusal("escape").contains("symbolic link"));
  }

  @Test
  void resolve_throughALinkToADirectoryOutside_isRefusedForFilesNotYetCreated() throws Exception {
    Files.createSymbolicLink(root.resolve("escape"), outside);
    assertTrue(refusal("escape/new/deeper.txt").contains("symbolic link"));
  }

  @Test
  void resolve_linkToAFileOutside_isRefused() throws Exception {
    Files.createSymbolicLink(root.resolve("secret.txt"), outside.resolve("secret.txt"));
    assertTrue(refusal("secret.txt").contains("symbolic link"));
  }

  @Test
  void resolve_linkPointingInside_isAccepted() throws Exception {
    Files.createDirectories(root.resolve("lib/v2"));
    Files.createSymbolicLink(root.resolve("current"), Path.of("lib/v2"));
    assertEquals(root.resolve("current/x.txt"), workspace.resolve("current/x.txt"));
    assertEquals(root.resolve("current"), workspace.resolve("current"));
  }

  @Test
  void resolve_danglingLink_isRefused() throws Exception {
    Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("not-there"));
    assertTrue(refusal("dangling").contains("symbolic link"));
    assertTrue(refusal("dangling/child.txt").contains("symbolic link"));
  }

  @Test
  void resolve_emptyOrBlankPath_isRefused() {
    assertEquals("path is empty", refusal(""));
    assertEquals("path is empty", refusal("   "));
    assertEquals("path is empty", refusal(null));
  }

  @Test
  void resolve_pathWithANulCharacter_isRefused() {
    assertTrue(refusal("a\0b").startsWith("invalid path"));
  }

  @Test
  void relativize_showsPathsRelativeToTheRoot() {
    assertEquals("src/App.java", workspace.relativize(root.resolve("src/App.java")));
    assertEquals(".", workspace.relativize(root));
  }

  @Test
  void workspace_rootThatDoesNotExist_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Workspace(temp.resolve("missing")));
  }
}
