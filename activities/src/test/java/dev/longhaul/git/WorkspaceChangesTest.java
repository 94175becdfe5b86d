package dev.longhaul.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.longhaul.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task's changes in a real clone: what diff shows and what export commits. */
class WorkspaceChangesTest {
  @TempDir Path temp;
  private final Git git = Git.fromSystem();
  private GitRepo origin;
  private GitRepo workspace;
  private String base;
  private WorkspaceChanges changes;

  @BeforeEach
  void aTaskThatEditedATrackedFile_createdOne_andIgnoresAnother() {
    origin = GitRepo.init(temp.resolve("origin"));
    origin.write("README", "one\n").write(".gitignore", "build/\n").commit("first");
    base = new Clone(git).into(temp.resolve("ws"), origin.dir.toString(), null, "t");
    workspace = GitRepo.init(temp.resolve("ws")); // the clone; init again only sets the test author
    workspace.write("README", "one\ntwo\n").write("src/New.java", "class New {}\n").write("build/out", "x");
    changes = new WorkspaceChanges(git, workspace.dir, base);
  }

  @Test
  void diff_showsEditedAndNewFiles_notIgnoredOnes_andLeavesTheIndexAlone() {
    String index = workspace.git("status", "--porcelain");

    String diff = changes.diff();

    assertThat(diff)
        .contains("--- a/README\n+++ b/README\n@@ -1 +1,2 @@\n one\n+two\n")
        .contains("new file mode 100644")
        .contains("+++ b/src/New.java\n@@ -0,0 +1 @@\n+class New {}\n")
        .doesNotContain("build/out");
    assertThat(workspace.git("status", "--porcelain")).isEqualTo(index);
  }

  @Test
  void diff_includesWhatTheTaskCommitted_andApplies() throws Exception {
    workspace.commit("the task's own commit");
    workspace.write("README", "one\ntwo\nthree\n");

    String diff = changes.diff();
    Path patch = Files.writeString(temp.resolve("p.patch"), diff);
    GitRepo fresh = GitRepo.init(temp.resolve("fresh"));
    fresh.git("pull", "--quiet", origin.dir.toString(), "main");
    fresh.git("apply", patch.toString());

    assertThat(Files.readString(fresh.dir.resolve("README"))).isEqualTo("one\ntwo\nthree\n");
    assertThat(Files.readString(fresh.dir.resolve("src/New.java"))).isEqualTo("class New {}\n");
  }

  @Test
  void noChanges_diffIsEmpty_andExportIsRefused() {
    GitRepo clean = GitRepo.init(temp.resolve("clean"));
    String head = clean.write("a", "a\n").commit("a");
    WorkspaceChanges none = new WorkspaceChanges(git, clean.dir, head);

    assertThat(none.diff()).isEmpty();
    assertThatThrownBy(() -> none.commitOnBranch("x", "m"))
        .hasMessage("there are no changes since " + head.substring(0, 12) + " to export");
  }

  @Test
  void commitOnBranch_commitsEverythingAsLonghaul_onANewBranch_leavingTheCheckoutAsItIs() {
    String headBefore = workspace.head();

    WorkspaceChanges.Exported exported = changes.commitOnBranch("longhaul/t", "Longhaul task t");

    assertThat(exported.newCommit()).isTrue();
    assertThat(workspace.git("log", "-1", "--format=%an <%ae>|%cn <%ce>|%s|%P", "longhaul/t").strip())
        .isEqualTo("Longhaul <longhaul@localhost>|Longhaul <longhaul@localhost>|Longhaul task t|" + headBefore);
    assertThat(workspace.git("show", "longhaul/t:src/New.java")).isEqualTo("class New {}\n");
    assertThat(workspace.git("ls-tree", "-r", "--name-only", "longhaul/t")).doesNotContain("build/out");
    assertThat(workspace.head()).isEqualTo(headBefore);
    assertThat(workspace.git("rev-parse", "--abbrev-ref", "HEAD").strip()).isEqualTo("main");
    assertThat(workspace.git("status", "--porcelain")).contains("?? src/");
  }

  @Test
  void commitOnBranch_whenTheTaskCommittedEverything_pointsTheBranchAtItsCommit() {
    String own = workspace.commit("done by the task");

    WorkspaceChanges.Exported exported = changes.commitOnBranch("done", "m");

    assertThat(exported).isEqualTo(new WorkspaceChanges.Exported(own, false));
  }

  @Test
  void aBranchThatExists_orAnInvalidName_isRefusedWithOneLine() {
    assertThatThrownBy(() -> changes.commitOnBranch("main", "m"))
        .hasMessage("a branch named main exists already in " + workspace.dir);
    assertThatThrownBy(() -> changes.commitOnBranch("bad..name", "m"))
        .hasMessage("\"bad..name\" is not a valid branch name");
    assertThatThrownBy(() -> changes.commitOnBranch("-x", "m"))
        .hasMessage("\"-x\" is not a valid branch name");
    assertThat(workspace.git("branch", "--list").strip()).isEqualTo("* main");
  }

  @Test
  void pushTo_addsTheBranchToTheOrigin_andABranchThereAlready_isFound() {
    String there = origin.dir.toString();
    changes.commitOnBranch("task-work", "m");

    changes.pushTo(there, "task-work");

    assertThat(origin.git("show", "task-work:src/New.java")).isEqualTo("class New {}\n");
    origin.git("branch", "again");
    assertThatThrownBy(() -> changes.requireNewBranchIn(there, "again"))
        .hasMessage("a branch named again exists in " + there + " already");
    changes.requireNewBranchIn(there, "yet-another");
  }

  @Test
  void commandsTheModelPutInTheWorkspacesGitConfig_neverRun() throws Exception {
    Path ran = temp.resolve("ran");
    String touch = "touch " + ran + "; cat";
    workspace.write(".gitattributes", "* filter=evil diff=evil\n").write("hooked.txt", "x\n");
    workspace.git("config", "filter.evil.clean", touch);
    workspace.git("config", "filter.evil.process", touch);
    workspace.git("config", "filter.evil.required", "true");
    workspace.git("config", "diff.evil.command", touch);
    workspace.git("config", "diff.evil.textconv", touch);
    workspace.git("config", "core.fsmonitor", touch);
    workspace.git("config", "commit.gpgSign", "true");
    workspace.git("config", "gpg.program", touch);
    workspace.git("config", "core.hooksPath", temp.resolve("hooks").toString());
    Files.createDirectories(temp.resolve("hooks"));
    for (String hook : new String[] {"pre-push", "pre-commit", "post-checkout", "reference-transaction"}) {
      Path file = Files.writeString(temp.resolve("hooks").resolve(hook), "#!/bin/sh\n" + touch + "\n");
      file.toFile().setExecutable(true);
    }

    assertThat(changes.diff()).contains("+++ b/hooked.txt");
    changes.commitOnBranch("safe", "m");
    changes.pushTo(origin.dir.toString(), "safe");

    assertThat(ran).doesNotExist();
  }

  @Test
  void aWorkspaceThatIsNotAGitRepository_failsWithGitsLine() throws Exception {
    Path plain = Files.createDirectories(temp.resolve("plain"));
    assertThatThrownBy(() -> new WorkspaceChanges(git, plain, base).diff())
        .isInstanceOf(GitException.class)
        .hasMessageStartingWith("fatal: not a git repository");
  }
}
