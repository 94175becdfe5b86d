package dev.longhaul.cli;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.cli.CliHarness.Result;
import dev.longhaul.testing.GitRepo;
import dev.longhaul.testing.ModelScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** run --repo, diff and export, end to end on real repositories. */
class GitCommandsTest {
  @RegisterExtension static final CliHarness harness = new CliHarness();
  @TempDir Path temp;
  private GitRepo origin;
  private String first;

  @BeforeEach
  void anOriginWithABranch() {
    origin = GitRepo.init(temp.resolve("origin"));
    first = origin.write("README", "one\n").commit("first");
    origin.git("branch", "stable");
    origin.write("README", "two\n").commit("second");
  }

  /** A task on a clone of the origin's {@code stable} branch that edits the README and adds a file. */
  private String taskThatEdits() {
    harness.model.script(
        reply(toolCall("shell", "{\"command\":\"echo more >> README; echo hi > NEW.txt\"}")),
        reply(text("Edited.")));
    String id = LonghaulCommandTest.newId();
    Result run = harness.longhaul("run", "--repo", origin.dir.toString(), "--ref", "stable", "--task-id", id, "Edit");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return id;
  }

  @Test
  void runWithARepo_clonesIt_diffShowsTheChanges_andExportWritesThemAsAPatch() throws Exception {
    String id = taskThatEdits();
    Path clone = harness.home.resolve("workspaces").resolve(id);
    assertThat(clone.resolve("README")).hasContent("one\nmore");

    Result diff = harness.longhaul("diff", id);
    assertThat(diff.exitCode()).as(diff.err()).isZero();
    assertThat(diff.out()).contains("--- a/README\n+++ b/README\n@@ -1 +1,2 @@\n one\n+more\n")
        .contains("+++ b/NEW.txt\n@@ -0,0 +1 @@\n+hi\n");

    Path patch = temp.resolve("task.patch");
    Result export = harness.longhaul("export", id, "--patch", patch.toString());
    assertThat(export.exitCode()).as(export.err()).isZero();
    assertThat(export.out()).isEqualTo("wrote the changes of task " + id + " since " + first.substring(0, 12)
        + " to " + patch + " (2 files)\n");
    assertThat(patch).hasContent(diff.out().stripTrailing());

    Result again = harness.longhaul("export", id, "--patch", patch.toString());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.errorLine()).isEqualTo("longhaul: " + patch + " exists: choose another file, or add --force to replace it");
    assertThat(harness.longhaul("export", id, "--patch", patch.toString(), "--force").exitCode()).isZero();
  }

  @Test
  void exportToABranch_commitsAsLonghaul_andPushesItToALocalOrigin_butNeverOverABranchThatExists() {
    String id = taskThatEdits();

    Result export = harness.longhaul("export", id, "--branch", "longhaul/edit");

    assertThat(export.exitCode()).as(export.err()).isZero();
    assertThat(export.out()).startsWith("committed the changes of task " + id + " on branch longhaul/edit (")
        .endsWith(") in " + harness.home.resolve("workspaces").resolve(id) + " and pushed it to " + origin.dir + "\n");
    assertThat(origin.git("log", "-1", "--format=%an <%ae>|%s|%P", "longhaul/edit").strip())
        .isEqualTo("Longhaul <longhaul@localhost>|Longhaul task " + id + ": Edit|" + first);
    assertThat(origin.git("show", "longhaul/edit:NEW.txt")).isEqualTo("hi\n");

    assertThat(harness.longhaul("export", id, "--branch", "longhaul/edit").errorLine())
        .isEqualTo("longhaul: task " + id + ": a branch named longhaul/edit exists in " + origin.dir + " already");
    assertThat(harness.longhaul("export", id, "--branch", "stable").errorLine())
        .isEqualTo("longhaul: task " + id + ": a branch named stable exists in " + origin.dir + " already");
    assertThat(harness.longhaul("export", id, "--branch", "no..dots").errorLine())
        .isEqualTo("longhaul: task " + id + ": \"no..dots\" is not a valid branch name");
  }

  @Test
  void aRepositoryThatCannotBeCloned_failsTheRunWithOneLine_andLeavesNoWorkspace() {
    harness.model.script(reply(text("never asked")));
    String id = LonghaulCommandTest.newId();
    String missing = temp.resolve("nowhere").toString();

    Result run = harness.longhaul("run", "--repo", missing, "--task-id", id, "Anything");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).containsPattern("longhaul: task " + id + " (has )?failed: cannot clone " + missing
        + ": fatal: repository '" + missing + "' does not exist");
    assertThat(harness.home.resolve("workspaces").resolve(id)).doesNotExist();
  }

  @Test
  void anUnknownRef_failsTheRunWithOneLine() {
    harness.model.script(reply(text("never asked")));
    String id = LonghaulCommandTest.newId();

    Result run = harness.longhaul("run", "--repo", origin.dir.toString(), "--ref", "nope", "--task-id", id, "x");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).containsPattern(
        "failed: cannot clone " + origin.dir + " at nope: it has no branch, tag or commit nope");
  }

  @Test
  void badInput_isRefusedWithOneLineBeforeAnythingStarts() throws Exception {
    Path full = Files.createDirectories(temp.resolve("full"));
    Files.writeString(full.resolve("keep.txt"), "mine");

    assertThat(harness.longhaul("run", "--repo", origin.dir.toString(), "--workspace", full.toString(), "x").errorLine())
        .isEqualTo("longhaul: cannot clone into " + full + ": it exists and is not empty");
    assertThat(harness.longhaul("run", "--ref", "main", "x").errorLine()).isEqualTo("longhaul: --ref goes with --repo");
    assertThat(harness.longhaul("run", "--repo", origin.dir.toString(), "--ref", "--upload-pack=evil", "x").errorLine())
        .isEqualTo("longhaul: invalid ref \"--upload-pack=evil\": give a branch, tag or commit");
    assertThat(harness.longhaul("diff", "nope").errorLine()).isEqualTo("longhaul: unknown task id: nope");
    assertThat(harness.longhaul("export", "nope", "--patch", temp.resolve("p").toString()).errorLine())
        .isEqualTo("longhaul: unknown task id: nope");
    assertThat(harness.longhaul("export", "nope", "--branch", "b").errorLine()).isEqualTo("longhaul: unknown task id: nope");
    assertThat(Files.list(full)).containsExactly(full.resolve("keep.txt"));
  }

  @Test
  void aWorkspaceThatWasNotAGitRepository_hasNothingToDiffOrExport() {
    harness.model.script(reply(text("Done.")));
    String id = LonghaulCommandTest.newId();
    harness.longhaul("run", "--workspace", temp.toString(), "--task-id", id, "x");

    String line = "longhaul: the workspace of task " + id + " (" + temp
        + ") was not a git repository when the task started: there is no commit to compare with";
    assertThat(harness.longhaul("diff", id).errorLine()).isEqualTo(line);
    assertThat(harness.longhaul("export", id, "--branch", "b").errorLine()).isEqualTo(line);
  }

  @Test
  void aWorkspaceNotOnThisMachine_isNamed() throws Exception {
    String id = taskThatEdits();
    Path clone = harness.home.resolve("workspaces").resolve(id);
    Files.move(clone, temp.resolve("elsewhere"));

    assertThat(harness.longhaul("diff", id).errorLine()).isEqualTo("longhaul: the workspace of task " + id
        + " (" + clone + ") is not on this machine: run this on the host that holds it");
  }

  @Test
  void exportToABranch_isRefusedWhileATurnRuns_butDiffIsNot() throws Exception {
    harness.model.script(
        reply(toolCall("shell", "{\"command\":\"echo x > A.txt\"}")),
        ModelScript.hang(Duration.ofSeconds(30)));
    String id = LonghaulCommandTest.newId();
    harness.longhaul("run", "--detach", "--repo", origin.dir.toString(), "--task-id", id, "Work slowly");
    Await.until(() -> harness.longhaul("diff", id).out().contains("+++ b/A.txt"), Duration.ofSeconds(30), "the file in the diff");

    assertThat(harness.longhaul("export", id, "--branch", "mid").errorLine())
        .isEqualTo("longhaul: task " + id + " is running: export --branch once its turn has ended (or interrupt it)");
    harness.longhaul("interrupt", id);
  }
}
