package dev.longhaul.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.longhaul.contract.DiffStats;
import dev.longhaul.git.Git;
import dev.longhaul.git.GitException;
import dev.longhaul.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttemptWorkspacesTest {
  @TempDir Path temp;
  private final Git git = Git.fromSystem();

  @Test
  void aGitWorkspace_becomesAWorktreeHoldingItsUncommittedChanges_andTheDiffIsOnlyTheAttempts() throws Exception {
    GitRepo repo = GitRepo.init(temp.resolve("ws"));
    repo.write("a.txt", "one\n").commit("first");
    repo.write("a.txt", "one, uncommitted\n").write("new.txt", "untracked\n");
    AttemptWorkspaces workspaces = new AttemptWorkspaces(git, temp.resolve("root"));

    AttemptWorkspaces.Made made = workspaces.make(repo.dir, "t.1");
    Files.writeString(made.workspace().resolve("a.txt"), "two\n");

    assertThat(made.kind()).isEqualTo("worktree");
    assertThat(made.workspace().resolve("new.txt")).hasContent("untracked");
    String diff = workspaces.diff(made.workspace(), made.base());
    assertThat(DiffStats.of(diff)).isEqualTo(new DiffStats(1, 1, 1, diff.length()));
    assertThat(diff).contains("-one, uncommitted", "+two");

    workspaces.applyOnce(repo.dir, diff);
    workspaces.applyOnce(repo.dir, diff); // a retry after the worker died: already applied, left alone
    assertThat(repo.dir.resolve("a.txt")).hasContent("two");
    assertThat(repo.dir.resolve("new.txt")).hasContent("untracked");
  }

  @Test
  void aDirectoryThatIsNoRepository_isCopied_withARepositoryOfItsOwnForTheBase() throws Exception {
    Path ws = Files.createDirectories(temp.resolve("plain"));
    Files.writeString(ws.resolve("a.txt"), "one\n");
    AttemptWorkspaces workspaces = new AttemptWorkspaces(git, temp.resolve("root"));

    AttemptWorkspaces.Made made = workspaces.make(ws, "t.2");
    Files.writeString(made.workspace().resolve("a.txt"), "two\n");
    Files.writeString(made.workspace().resolve("b.txt"), "new\n");
    workspaces.applyOnce(ws, workspaces.diff(made.workspace(), made.base()));

    assertThat(made.kind()).isEqualTo("copy");
    assertThat(ws.resolve("a.txt")).hasContent("two");
    assertThat(ws.resolve("b.txt")).hasContent("new");
    assertThat(ws.resolve(".git")).doesNotExist();
  }

  @Test
  void aRepositoryWithoutACommit_isCopied_andThePickLandsInIt() throws Exception {
    GitRepo repo = GitRepo.init(temp.resolve("fresh"));
    repo.write("a.txt", "one\n");
    AttemptWorkspaces workspaces = new AttemptWorkspaces(git, temp.resolve("root"));

    AttemptWorkspaces.Made made = workspaces.make(repo.dir, "t.4");
    Files.writeString(made.workspace().resolve("a.txt"), "two\n");
    workspaces.applyOnce(repo.dir, workspaces.diff(made.workspace(), made.base()));

    assertThat(made.kind()).isEqualTo("copy");
    assertThat(made.workspace().resolve(".git")).as("the copy's repository lies beside it").isRegularFile();
    assertThat(repo.dir.resolve("a.txt")).hasContent("two");
    assertThat(git.probe(repo.dir, java.time.Duration.ofSeconds(10), "rev-parse", "--verify", "--quiet", "HEAD"))
        .as("the task's repository still has no commit").isNull();
  }

  @Test
  void removingACopiedAttempt_deletesItsDirectoryRepositoryAndRecord_butNotWhatItsLinksPointAt() throws Exception {
    Path ws = Files.createDirectories(temp.resolve("plain-to-remove"));
    Files.writeString(ws.resolve("a.txt"), "one\n");
    Path outside = Files.writeString(temp.resolve("precious.txt"), "keep me\n");
    Path root = temp.resolve("root");
    AttemptWorkspaces workspaces = new AttemptWorkspaces(git, root);
    AttemptWorkspaces.Made made = workspaces.make(ws, "t.5");
    // What an attempt could leave behind: a link out of its workspace, to a file and to a directory.
    Files.createSymbolicLink(made.workspace().resolve("link.txt"), outside);
    Files.createSymbolicLink(made.workspace().resolve("link-dir"), temp);

    dev.longhaul.git.AttemptRecord.read(root, "t.5").orElseThrow().remove(git);
    dev.longhaul.git.AttemptRecord.read(root, "t.5").ifPresent(r -> r.remove(git)); // a second time: nothing left

    assertThat(root.resolve("t.5")).doesNotExist();
    assertThat(root.resolve(".t.5.git")).doesNotExist();
    assertThat(root.resolve(".t.5.attempt")).doesNotExist();
    assertThat(outside).hasContent("keep me");
    assertThat(ws.resolve("a.txt")).hasContent("one");
  }

  @Test
  void aSecondTry_reusesTheWorkspaceTheFirstFinished() throws Exception {
    GitRepo repo = GitRepo.init(temp.resolve("ws"));
    repo.write("a.txt", "one\n").commit("first");
    AttemptWorkspaces workspaces = new AttemptWorkspaces(git, temp.resolve("root"));

    AttemptWorkspaces.Made first = workspaces.make(repo.dir, "t.1");
    Files.writeString(first.workspace().resolve("a.txt"), "changed by the attempt\n");
    AttemptWorkspaces.Made again = workspaces.make(repo.dir, "t.1");

    assertThat(again).isEqualTo(first);
    assertThat(again.workspace().resolve("a.txt")).hasContent("changed by the attempt");
  }

  @Test
  void aWorkspaceThatIsASubdirectoryOfARepository_getsTheSameSubdirectory_andThePickLandsThere() throws Exception {
    GitRepo repo = GitRepo.init(temp.resolve("ws"));
    repo.write("sub/a.txt", "one\n").write("top.txt", "top\n").commit("first");
    AttemptWorkspaces workspaces = new AttemptWorkspaces(git, temp.resolve("root"));

    AttemptWorkspaces.Made made = workspaces.make(repo.dir.resolve("sub"), "t.3");
    Files.writeString(made.workspace().resolve("a.txt"), "two\n");
    workspaces.applyOnce(repo.dir.resolve("sub"), workspaces.diff(made.workspace(), made.base()));

    assertThat(made.workspace()).endsWith(Path.of("t.3", "sub"));
    assertThat(repo.dir.resolve("sub/a.txt")).hasContent("two");
    assertThat(repo.dir.resolve("a.txt")).doesNotExist();
  }

  @Test
  void anAttemptThatRepointsItsGit_isNotFollowed_itsChangesAreReadFromTheRepositoryMadeForIt() throws Exception {
    Path secrets = Files.createDirectories(temp.resolve("secrets"));
    Files.writeString(secrets.resolve("id_rsa"), "TOPSECRET\n");
    GitRepo repo = GitRepo.init(temp.resolve("ws"));
    repo.write("a.txt", "one\n").commit("first");
    Path plain = Files.createDirectories(temp.resolve("plain"));
    Files.writeString(plain.resolve("a.txt"), "one\n");
    AttemptWorkspaces workspaces = new AttemptWorkspaces(git, temp.resolve("root"));

    for (AttemptWorkspaces.Made made : java.util.List.of(workspaces.make(repo.dir, "t.1"), workspaces.make(plain, "t.2"))) {
      Path ws = made.workspace();
      Files.writeString(ws.resolve("a.txt"), "two\n");
      // What the attempt's shell can do: a repository of its own, with the secrets' directory as its work tree.
      Path objects = ws.resolve(shell(ws, "rev-parse", "--git-common-dir").strip()).resolve("objects");
      Path evil = ws.resolve(".evil");
      shell(ws, "init", "-q", "--bare", evil.toString());
      Files.writeString(evil.resolve("objects/info/alternates"), objects + "\n");
      Files.writeString(evil.resolve("HEAD"), made.base() + "\n");
      shell(ws, "--git-dir=" + evil, "config", "core.bare", "false");
      shell(ws, "--git-dir=" + evil, "config", "core.worktree", secrets.toString());
      Files.writeString(ws.resolve(".git"), "gitdir: " + evil + "\n");

      String diff = workspaces.diff(ws, made.base());
      assertThat(diff).as(made.kind()).contains("+two").doesNotContain("TOPSECRET", "id_rsa");
      // What `longhaul diff ID --attempt N` and `longhaul attempts` read, on the host, by the same record.
      assertThat(dev.longhaul.git.AttemptRecord.changesOf(git, ws, made.base()).diff()).as(made.kind()).isEqualTo(diff);
    }
    assertThat(temp.resolve("root/t.2/.git")).isRegularFile(); // the copy's repository lies beside it, out of its reach
  }

  @Test
  void aPatchThatWritesOutsideTheWorkspace_intoGit_orThroughASymbolicLink_isRefused_andNothingIsWritten() throws Exception {
    GitRepo repo = GitRepo.init(temp.resolve("ws"));
    repo.write("a.txt", "one\n").commit("first");
    Path outside = Files.createDirectories(temp.resolve("outside"));
    AttemptWorkspaces workspaces = new AttemptWorkspaces(git, temp.resolve("root"));
    String escape = newFile("../outside/escaped", "100644");
    String hook = newFile(".git/hooks/post-checkout", "100755");
    String throughLink = "diff --git a/link b/link\nnew file mode 120000\n--- /dev/null\n+++ b/link\n@@ -0,0 +1 @@\n+"
        + outside + "\n\\ No newline at end of file\n" + newFile("link/planted", "100644");

    for (String patch : java.util.List.of(escape, hook, throughLink)) {
      assertThatThrownBy(() -> workspaces.applyOnce(repo.dir, patch)).as(patch).isInstanceOf(GitException.class);
    }
    assertThat(outside).isEmptyDirectory();
    assertThat(repo.dir.resolve(".git/hooks/post-checkout")).doesNotExist();
    assertThat(repo.dir.resolve("link")).doesNotExist();
  }

  /** Git as the attempt's shell runs it. */
  private String shell(Path dir, String... args) {
    return git.run(dir, java.time.Duration.ofMinutes(1), args);
  }

  private static String newFile(String path, String mode) {
    return "diff --git a/" + path + " b/" + path + "\nnew file mode " + mode + "\n--- /dev/null\n+++ b/" + path
        + "\n@@ -0,0 +1 @@\n+evil\n";
  }
}
