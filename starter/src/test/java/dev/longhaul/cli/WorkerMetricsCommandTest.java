package dev.longhaul.cli;

import static dev.longhaul.testing.ModelScript.reply;
import static dev.longhaul.testing.ModelScript.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code longhaul worker --metrics-port}, as its own process, scraped over HTTP as Prometheus would. */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class WorkerMetricsCommandTest {
  @RegisterExtension static final ProcessStack stack = new ProcessStack();
  @TempDir Path workspace;

  @Test
  void aWorkerWithAMetricsPort_servesTheSdksMetricsAndLonghaulsForItsTasks() throws Exception {
    int port = ProcessStack.freePort();
    String url = "http://127.0.0.1:" + port + "/metrics";
    stack.model().script(reply(text("Hello.")));
    stack.startWorker("first", Map.of(), "--metrics-port", String.valueOf(port));
    String taskId = stack.startTask(workspace, "Say hello");
    stack.awaitTurnEnd(taskId);

    // The SDK reports into the registry every second: its metrics may trail the task's end.
    String page = Await.value(() -> {
      String text = scrape(url);
      return text.contains("temporal_request_total") ? text : null;
    }, ProcessStack.STEP_LIMIT, "the SDK's metrics at " + url);
    assertThat(page).contains("longhaul_steps_total{model=\"test-model\",} 1.0");
    assertThat(page).contains("temporal_worker_start_total{");
  }

  private static String scrape(String url) {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient()
          .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new AssertionError("cannot scrape " + url + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
