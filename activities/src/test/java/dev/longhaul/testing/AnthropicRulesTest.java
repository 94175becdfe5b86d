package dev.longhaul.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnthropicRulesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String violation(String messages) throws Exception {
    String body = "{\"model\":\"m\",\"max_tokens\":10,\"messages\":" + messages + "}";
    return AnthropicRules.violation(new RecordedRequest(
        "/v1/messages", Map.of("anthropic-version", List.of("2023-06-01")), body, JSON.readTree(body)));
  }

  private static final String CALL =
      "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"ls\",\"input\":{}}]}";

  @Test
  void aWellFormedToolChain_passes() throws Exception {
    assertThat(violation("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}," + CALL
        + ",{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"x\"}]}]"))
        .isNull();
  }

  @Test
  void aToolUseWithoutItsResult_isRefused() throws Exception {
    assertThat(violation("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}," + CALL
        + ",{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"well?\"}]}]"))
        .contains("without tool_result");
  }

  @Test
  void aResultAfterText_isRefused() throws Exception {
    assertThat(violation("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}," + CALL
        + ",{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},"
        + "{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"x\"}]}]"))
        .contains("must come first");
  }

  @Test
  void rolesThatDoNotAlternate_areRefused() throws Exception {
    assertThat(violation("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"}]},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"b\"}]}]"))
        .contains("alternate");
  }

  @Test
  void fiveBreakpoints_areRefused() throws Exception {
    String marked = "{\"type\":\"text\",\"text\":\"a\",\"cache_control\":{\"type\":\"ephemeral\"}}";
    assertThat(violation("[{\"role\":\"user\",\"content\":[" + String.join(",", marked, marked, marked, marked, marked) + "]}]"))
        .contains("maximum of 4");
  }
}
