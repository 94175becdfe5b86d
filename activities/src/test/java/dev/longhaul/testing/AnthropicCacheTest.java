package dev.longhaul.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicCacheTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LONG = "word ".repeat(1_500);

  /** A request of one long system block and these user text blocks; {@code marks} are breakpoint indices. */
  private static JsonNode request(int blocks, int... marks) throws Exception {
    List<String> content = new ArrayList<>();
    for (int i = 0; i < blocks; i++) {
      boolean marked = false;
      for (int m : marks) marked |= m == i;
      content.add("{\"type\":\"text\",\"text\":\"block " + i + "\"" + (marked ? ",\"cache_control\":{\"type\":\"ephemeral\"}" : "") + "}");
    }
    return JSON.readTree("{\"model\":\"m\",\"system\":[{\"type\":\"text\",\"text\":\"" + LONG + "\"}],"
        + "\"messages\":[{\"role\":\"user\",\"content\":[" + String.join(",", content) + "]}]}");
  }

  @Test
  void withoutBreakpoints_nothingIsCachedOrRead() throws Exception {
    AnthropicCache cache = new AnthropicCache();

    cache.bill(request(3));
    AnthropicCache.Billing second = cache.bill(request(3));

    assertThat(second.cacheRead()).isZero();
    assertThat(second.cacheWrite()).isZero();
  }

  @Test
  void aBreakpoint_writesItsPrefix_andALaterRequestReadsIt() throws Exception {
    AnthropicCache cache = new AnthropicCache();

    AnthropicCache.Billing first = cache.bill(request(3, 2));
    AnthropicCache.Billing second = cache.bill(request(5, 4));

    assertThat(first.cacheRead()).isZero();
    assertThat(first.cacheWrite()).isEqualTo(first.total());
    assertThat(second.cacheRead()).isEqualTo(first.total());
    assertThat(second.cacheWrite()).isEqualTo(second.total() - first.total());
  }

  @Test
  void theLookback_reachesTwentyBlocksBack_andNoFurther() throws Exception {
    AnthropicCache near = new AnthropicCache();
    near.bill(request(3, 2));
    AnthropicCache far = new AnthropicCache();
    far.bill(request(3, 2));

    assertThat(near.bill(request(22, 21)).cacheRead()).isPositive(); // 19 blocks on: found
    assertThat(far.bill(request(23, 22)).cacheRead()).isZero(); // 20 blocks on: lost
  }

  @Test
  void anEarlierBreakpoint_bridgesALongStep() throws Exception {
    AnthropicCache cache = new AnthropicCache();
    cache.bill(request(3, 2));

    assertThat(cache.bill(request(40, 2, 39)).cacheRead()).isPositive();
  }

  @Test
  void aPrefixBelowTheMinimum_isNeverCached() throws Exception {
    AnthropicCache cache = new AnthropicCache();
    JsonNode small = JSON.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":["
        + "{\"type\":\"text\",\"text\":\"hi\",\"cache_control\":{\"type\":\"ephemeral\"}}]}]}");

    cache.bill(small);

    assertThat(cache.bill(small).cacheRead()).isZero();
  }
}
