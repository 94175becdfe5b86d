package dev.longhaul.worker;

import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.AgentWorkflowImpl;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Temporal's time-skipping test server with the real workflow and {@link StubActivities}, new for
 * each test: register it as an instance field with {@code @RegisterExtension}.
 */
final class StubbedServer implements BeforeEachCallback, AfterEachCallback {
  final StubActivities activities = new StubActivities();
  private TestWorkflowEnvironment env;

  @Override
  public void beforeEach(ExtensionContext context) {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(AgentWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(AgentWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    env.newWorker(dev.longhaul.contract.HostBinding.queue(StubActivities.HOST)).registerActivitiesImplementations(activities);
    env.start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    env.close();
  }

  TestWorkflowEnvironment env() {
    return env;
  }
}
