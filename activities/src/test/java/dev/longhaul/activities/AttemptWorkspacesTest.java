package dev.longhaul.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.contract.DiffStats;
import dev.longhaul.git.Git;
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
}
