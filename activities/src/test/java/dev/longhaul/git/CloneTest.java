package dev.longhaul.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.longhaul.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clones of real repositories made with the real git, in temporary directories. */
class CloneTest {
  @TempDir Path temp;
  private final Clone clone = new Clone(Git.fromSystem());
  private GitRepo origin;
  private String first;
  private String second;

  @BeforeEach
  void anOriginWithTwoCommitsATagAndABranch() {
    origin = GitRepo.init(temp.resolve("origin"));
    first = origin.write("README", "one\n").commit("first");
    origin.git("tag", "v1");
    second = origin.write("README", "two\n").commit("second");
    origin.git("branch", "feature", first);
  }

  @Test
  void withoutARef_clonesTheDefaultBranch_andReturnsItsHead() throws Exception {
    Path target = temp.resolve("roots/task-1");

    String base = clone.into(target, origin.dir.toString(), null, "task-1");

    assertThat(base).isEqualTo(second);
    assertThat(Files.readString(target.resolve("README"))).isEqualTo("two\n");
    assertThat(Files.list(target.getParent())).containsExactly(target); // no work directory left
  }

  @Test
  void aBranch_aTag_andACommit_areEachCheckedOut() throws Exception {
    assertThat(clone.into(temp.resolve("b"), origin.dir.toString(), "feature", "t")).isEqualTo(first);
    assertThat(branchOf(temp.resolve("b"))).isEqualTo("feature");
    assertThat(clone.into(temp.resolve("t"), origin.dir.toString(), "v1", "t")).isEqualTo(first);
    assertThat(clone.into(temp.resolve("c"), origin.dir.toString(), first.substring(0, 10), "t")).isEqualTo(first);
    assertThat(Files.readString(temp.resolve("c/README"))).isEqualTo("one\n");
  }

  /** The branch checked out in a clone. */
  private static String branchOf(Path dir) {
    return Git.fromSystem().run(dir, Duration.ofSeconds(10), "rev-parse", "--abbrev-ref", "HEAD").strip();
  }

  @Test
  void aFileUrl_isCloned() {
    assertThat(clone.into(temp.resolve("u"), origin.dir.toUri().toString(), null, "t")).isEqualTo(second);
  }

  @Test
  void anExistingEmptyDirectory_isClonedInto() throws Exception {
    Path target = Files.createDirectories(temp.resolve("empty"));
    assertThat(clone.into(target, origin.dir.toString(), null, "t")).isEqualTo(second);
  }

  @Test
  void aRepositoryThatDoesNotExist_failsWithOneLineNamingIt_andLeavesNothing() throws Exception {
    Path target = temp.resolve("roots/task-2");
    String missing = temp.resolve("no-such-repo").toString();

    assertThatThrownBy(() -> clone.into(target, missing, null, "task-2"))
        .isInstanceOf(GitException.class)
        .hasMessageStartingWith("cannot clone " + missing + ": fatal: ")
        .hasMessageContaining("does not exist")
        .message().doesNotContain("\n");
    assertThat(target).doesNotExist();
    assertThat(Files.list(target.getParent())).isEmpty();
  }

  @Test
  void anUnknownRef_failsWithGitsLastLine_andLeavesNothing() throws Exception {
    Path target = temp.resolve("roots/task-3");

    assertThatThrownBy(() -> clone.into(target, origin.dir.toString(), "no-such-branch", "task-3"))
        .hasMessage("cannot clone " + origin.dir + " at no-such-branch: it has no branch, tag or commit no-such-branch");
    assertThatThrownBy(() -> clone.into(target, origin.dir.toString(), "deadbeef00", "task-3"))
        .hasMessage("cannot clone " + origin.dir + " at deadbeef00: it has no branch, tag or commit deadbeef00");
    assertThat(Files.list(target.getParent())).isEmpty();
  }

  @Test
  void aNonEmptyTarget_isRefused_andLeftAsItWas() throws Exception {
    Path target = Files.createDirectories(temp.resolve("mine"));
    Files.writeString(target.resolve("notes.txt"), "keep");

    assertThatThrownBy(() -> clone.into(target, origin.dir.toString(), null, "t"))
        .hasMessage("cannot clone " + origin.dir + " into " + target + ": it exists and is not empty");
    assertThat(Files.list(target)).containsExactly(target.resolve("notes.txt"));
  }

  @Test
  void aRetryOfTheSameTask_findsItsFinishedClone_andTakesIt() {
    Path target = temp.resolve("again");
    String base = clone.into(target, origin.dir.toString(), null, "task-4");

    assertThat(clone.into(target, origin.dir.toString(), null, "task-4")).isEqualTo(base);
    assertThatThrownBy(() -> clone.into(target, origin.dir.toString(), null, "another-task"))
        .hasMessageEndingWith("it exists and is not empty");
  }

  @Test
  void aCloneOverItsTimeLimit_isStopped_andLeavesNothing() throws Exception {
    Clone hasty = new Clone(Git.fromSystem(), Duration.ZERO);
    Path target = temp.resolve("slow");

    assertThatThrownBy(() -> hasty.into(target, origin.dir.toString(), null, "t"))
        .hasMessage("cannot clone " + origin.dir + ": git clone took longer than 0 s and was stopped");
    assertThat(Files.list(temp)).containsExactly(origin.dir);
  }

  @Test
  void gitsEnvironment_holdsOnlyWhatGitNeeds_andNeverPrompts() {
    Map<String, String> env = Git.environment(Map.of(
        "PATH", "/usr/bin", "HOME", "/home/me", "SSH_AUTH_SOCK", "/run/agent",
        "OPENAI_API_KEY", "sk-secret", "LONGHAUL_DATABASE_URL", "jdbc:postgresql://db/x?password=p",
        "AWS_SECRET_ACCESS_KEY", "aws"));

    assertThat(env).containsOnlyKeys("PATH", "HOME", "SSH_AUTH_SOCK", "GIT_TERMINAL_PROMPT", "GCM_INTERACTIVE")
        .containsEntry("GIT_TERMINAL_PROMPT", "0");
  }
}
