package dev.longhaul.worker;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static dev.longhaul.testing.ModelScript.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.longhaul.model.ModelConfig;
import dev.longhaul.testing.FakeModelServer;
import dev.longhaul.testing.TestDatabase;
import dev.longhaul.worker.LonghaulWorker.WorkerSettings;
import dev.longhaul.workflow.AgentWorkflow;
import dev.longhaul.workflow.Progress;
import dev.longhaul.workflow.TaskInput;
import dev.longhaul.workflow.TaskStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a person sees of a task in the Temporal UI, in a real browser: Temporal's own dev server
 * (the Temporal CLI, with its UI and Longhaul's search attributes), a worker with the real
 * workflow and activities, headless Chromium. Screenshots go to {@code target/ui/}.
 */
class TemporalUiBrowserTest {
  static final Path SCREENSHOTS = Path.of("target", "ui");

  static CliDevServer server;
  static WorkerFactory workers;
  static WorkflowClient client;
  static FakeModelServer model;
  static WebDriver browser;

  @TempDir static Path temp;

  @BeforeAll
  static void startServerWorkerAndBrowser() throws Exception {
    ExternalPrograms.requireForUiTests();
    // The same server `longhaul dev` runs, on free ports.
    server = CliDevServer.start(new CliDevServer.Options(Path.of(ExternalPrograms.temporalCli().orElseThrow()),
        Ports.free(), Ports.free(), temp.resolve("temporal.db"), temp.resolve("temporal.log")), Duration.ofSeconds(60));
    model = FakeModelServer.start();
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(server.address()).build());
    client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    workers = WorkerFactory.newInstance(client);
    ModelConfig config = new ModelConfig(model.baseUrl(), "sk-test-secret", "test-model", Duration.ofSeconds(5));
    LonghaulWorker.register(workers, TestDatabase.database(),
        WorkerSettings.of(config).withSearchAttributes(SearchAttributes.registered(service, "default")));
    workers.start();
    browser = chromium();
  }

  @AfterAll
  static void stopEverything() {
    if (browser != null) browser.quit();
    if (workers != null) workers.shutdownNow();
    if (model != null) model.close();
    if (server != null) server.close();
  }

  @Test
  void aTasksPage_showsItsPrompt_itsStatusAndPlan_andEachStepsSummary() throws Exception {
    Path workspace = Files.createDirectories(temp.resolve("ws"));
    Files.writeString(workspace.resolve("notes.txt"), "seen\n");
    model.script(
        reply(toolCall("shell", "{\"command\":\"echo ui\"}"),
            toolCall("update_plan", "{\"plan\":[{\"step\":\"check the UI\",\"status\":\"in_progress\"}]}")),
        reply(toolCall("read_file", "{\"path\":\"notes.txt\"}")),
        reply(text("Shown in the UI.")));
    String id = "ui-" + System.nanoTime();
    start(id, TaskInput.of(workspace.toString(), "Show me in the Temporal UI"));
    awaitIdle(id);

    String timeline = open("/namespaces/default/workflows/" + id, "RunTool", "task-timeline");
    assertThat(timeline).contains(                // each step's summary, on the timeline
        "Sample • model test-model · turn 1 step 1", "RunTool • shell: echo ui",
        "RunTool • update_plan: 1 steps", "Sample • model test-model · turn 1 step 2",
        "RunToolHere",                            // a read-only call, run in the workflow's worker
        "Sample • model test-model · turn 1 step 3");

    String metadata = openTab("User Metadata", "check the UI", "task-details");
    assertThat(metadata).contains(
        "Show me in the Temporal UI",             // the summary: the prompt
        "idle · turn 1 · step 3",                 // the current details: status, turn, step,
        "in context", "sent", "received",         // tokens,
        "sandbox: workspace-write, network off",  // confinement,
        "check the UI");                          // and the plan
  }

  @Test
  void theWorkflowList_filtersTasksByLonghaulsSearchAttributes() throws Exception {
    Path workspace = Files.createDirectories(temp.resolve("ws-filter"));
    model.script(reply(text("Filtered.")));
    String id = "ui-filter-" + System.nanoTime();
    start(id, TaskInput.of(workspace.toString(), "Find me by my attributes"));
    awaitIdle(id);

    String query = "LonghaulStatus=\"idle\" AND LonghaulModel=\"test-model\" AND LonghaulWorkspace=\"" + workspace + "\"";
    String list = open("/namespaces/default/workflows?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8),
        id, "filtered-list");
    assertThat(list).contains(id);
    String none = open("/namespaces/default/workflows?query="
        + URLEncoder.encode("LonghaulStatus=\"failed\" AND LonghaulWorkspace=\"" + workspace + "\"", StandardCharsets.UTF_8),
        "No Workflows", "empty-list");
    assertThat(none).doesNotContain(id);
  }

  private static void start(String id, TaskInput input) {
    // As the command line starts it, with the summary and details the UI shows.
    AgentWorkflow workflow = client.newWorkflowStub(AgentWorkflow.class,
        TaskOptions.forStart(id, input, WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE));
    WorkflowClient.start(workflow::run, input);
  }

  private static void awaitIdle(String id) throws InterruptedException {
    AgentWorkflow workflow = client.newWorkflowStub(AgentWorkflow.class, id);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Progress p = workflow.progress();
      if (p.turn() >= 1 && p.status() == TaskStatus.idle) return;
      Thread.sleep(200);
    }
    throw new AssertionError("the task did not finish its turn: " + workflow.progress());
  }

  /**
   * Opens {@code path} in the UI, waits until the page shows {@code expected}, saves a
   * screenshot as {@code name}.png and returns the page's text.
   */
  private static String open(String path, String expected, String name) throws IOException {
    browser.get(server.uiAddress() + path);
    try {
      new WebDriverWait(browser, Duration.ofSeconds(30))
          .until(b -> pageText().contains(expected));
    } finally {
      screenshot(name);
    }
    return pageText();
  }

  /** Clicks the tab named {@code tab} on the page open now and waits for {@code expected}. */
  private static String openTab(String tab, String expected, String name) throws IOException {
    browser.findElement(By.xpath("//*[self::a or self::button][normalize-space()='" + tab + "']")).click();
    try {
      new WebDriverWait(browser, Duration.ofSeconds(30))
          .until(b -> pageText().contains(expected));
    } finally {
      screenshot(name);
    }
    return pageText();
  }

  /** The text of the page and of the frames in it (the UI renders markdown details in one). */
  private static String pageText() {
    StringBuilder text = new StringBuilder(browser.findElement(By.tagName("body")).getText());
    for (var frame : browser.findElements(By.tagName("iframe"))) {
      browser.switchTo().frame(frame);
      text.append('\n').append(browser.findElement(By.tagName("body")).getText());
      browser.switchTo().defaultContent();
    }
    return text.toString();
  }

  private static void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static WebDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(ExternalPrograms.chromium());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1600");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(ExternalPrograms.chromedriver()))
        .build();
    return new ChromeDriver(service, options);
  }
}
