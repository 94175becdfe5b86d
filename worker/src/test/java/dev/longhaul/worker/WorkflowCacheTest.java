package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's factory options are what the JVM it runs on supports: virtual workflow threads
 * from Java 21, platform threads on 17. The build runs on 17; run this class on a 21+ JDK
 * ({@code JAVA_HOME=... ./mvnw ...}) to see the other side.
 */
class WorkflowCacheTest {
  @RegisterExtension static final AgentHarness harness = AgentHarness.builder().build();
  @TempDir Path workspace;

  @Test
  void onThisJvm_workflowThreadsAreVirtualExactlyWhenItHasVirtualThreads() {
    WorkerFactoryOptions options = WorkflowCache.defaults().applyTo(WorkerFactoryOptions.newBuilder()).build();
    assertThat(options.isUsingVirtualWorkflowThreads()).isEqualTo(Runtime.version().feature() >= 21);
    assertThat(options.getWorkflowCacheSize()).isEqualTo(WorkflowCache.DEFAULT_SIZE);
  }

  @Test
  void java17_hasNoVirtualWorkflowThreads_java21AndLaterHave() {
    assertThat(WorkflowCache.supportsVirtualThreads(17)).isFalse();
    assertThat(WorkflowCache.supportsVirtualThreads(20)).isFalse();
    assertThat(WorkflowCache.supportsVirtualThreads(21)).isTrue();
    assertThat(WorkflowCache.supportsVirtualThreads(25)).isTrue();
  }

  @Test
  void aCacheLargerThanTheSdksThreadCap_raisesTheCap() {
    WorkerFactoryOptions options = WorkflowCache.of(5_000).applyTo(WorkerFactoryOptions.newBuilder()).build();
    assertThat(options.getWorkflowCacheSize()).isEqualTo(5_000);
    assertThat(options.getMaxWorkflowThreadCount()).isEqualTo(5_000);
  }

  @Test
  void aCacheOfNoWorkflows_isRefused() {
    assertThatThrownBy(() -> WorkflowCache.of(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the workflow cache size must be positive, not 0");
  }

  /** The harness's worker has these options: a task runs on this JVM's kind of workflow thread. */
  @Test
  void aTaskRunsOnAWorkerWithTheseOptions() throws Exception {
    harness.model.script(reply(text("Hello.")));
    String taskId = harness.start(workspace, "Say hello");
    assertThat(harness.awaitTurnEnd(taskId, 1).error()).isNull();
  }
}
