package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.longhaul.store.TaskOrigin;
import dev.longhaul.testing.GitRepo;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskResult;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Tasks whose workspace is a clone the worker makes when the task opens. */
class GitWorkspaceTest {
  private static final Path ROOT = temporaryDirectory();

  @RegisterExtension
  static final AgentHarness harness = AgentHarness.builder().settings(s -> s.withWorkspaceRoot(ROOT)).build();

  @TempDir Path temp;
  private GitRepo origin;
  private String first;

  @BeforeEach
  void anOriginWhoseBranchHoldsAnOlderReadme() {
    origin = GitRepo.init(temp.resolve("origin"));
    first = origin.write("README", "from the branch\n").commit("first");
    origin.git("branch", "older");
    origin.write("README", "from main\n").commit("second");
  }

  @Test
  void aTaskStartedFromARepoAndRef_clonesUnderTheWorkspaceRoot_andRunsItsToolsInTheClone() throws Exception {
    harness.model.script(
        reply(toolCall("shell", "{\"command\":\"cat README; pwd; echo new > made.txt\"}")),
        reply(text("Read it.")));

    String taskId = harness.start(TaskInput.of(null, "Read the README").withRepo(origin.dir.toString(), "older"));
    harness.awaitTurnEnd(taskId, 1);

    Path clone = ROOT.resolve(taskId);
    String output = AgentWorkflowTest.outputOfLastCall(harness.model.requests().get(1));
    assertThat(output).contains("from the branch").contains(clone.toString());
    assertThat(clone.resolve("made.txt")).hasContent("new");
    assertThat(harness.store.task(taskId).orElseThrow().workspace()).isEqualTo(clone.toString());
    assertThat(harness.store.origin(taskId)).contains(new TaskOrigin(origin.dir.toString(), "older", first));
  }

  @Test
  void aRepositoryThatCannotBeCloned_failsTheTaskAtOpen_withOneLine_andLeavesNoDirectory() throws Exception {
    String missing = temp.resolve("no-such-repo").toString();
    harness.model.script(reply(text("never asked")));

    String taskId = harness.start(TaskInput.of(null, "Anything").withRepo(missing, null));
    Throwable failure = catchThrowable(() ->
        WorkflowStub.fromTyped(harness.existing(taskId)).getResult(30, TimeUnit.SECONDS, TaskResult.class));

    assertThat(failure).isInstanceOf(WorkflowFailedException.class);
    String error = harness.store.task(taskId).orElseThrow().error();
    assertThat(error).startsWith("cannot clone " + missing + ": fatal: ").doesNotContain("\n");
    assertThat(harness.model.requests()).isEmpty();
    assertThat(ROOT.resolve(taskId)).doesNotExist();
  }

  @Test
  void aWorkspaceGivenAsAPathThatIsAGitRepository_recordsItsHeadAtOpen() throws Exception {
    harness.model.script(reply(text("Looked.")));

    String taskId = harness.start(origin.dir, "Look");
    harness.awaitTurnEnd(taskId, 1);

    assertThat(harness.store.origin(taskId)).contains(new TaskOrigin(null, null, origin.head()));
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("longhaul-workspaces");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
