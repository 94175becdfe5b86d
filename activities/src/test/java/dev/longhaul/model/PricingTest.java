package dev.longhaul.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.longhaul.contract.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PricingTest {
  @TempDir Path dir;

  private static Usage usage(long input, long cached, long output) {
    return new Usage(input, cached, output, 0);
  }

  private Map<String, String> pricesFile(String json) throws Exception {
    Path file = dir.resolve("prices.json");
    Files.writeString(file, json);
    return Map.of("LONGHAUL_PRICES", file.toString());
  }

  @Test
  void aPricedModel_costsUncachedInputPlusCachedInputPlusOutput_inMicroDollars() {
    Pricing pricing = Pricing.fromEnvironment(Map.of());

    // gpt-5: $1.25 input, $0.125 cached input, $10 output per million tokens.
    // 600,000 uncached × 1.25 + 400,000 cached × 0.125 + 100,000 output × 10 = $1.80
    assertThat(pricing.costMicros("gpt-5", usage(1_000_000, 400_000, 100_000)))
        .isEqualTo(OptionalLong.of(1_800_000));
  }

  @Test
  void eachKindOfTokenIsBilledAtItsOwnPrice() {
    Pricing pricing = new Pricing(Map.of("m", new Pricing.Price(3.0, 0.5, 7.0)));

    assertThat(pricing.costMicros("m", usage(1_000, 0, 0))).hasValue(3_000);
    assertThat(pricing.costMicros("m", usage(1_000, 1_000, 0))).hasValue(500);
    assertThat(pricing.costMicros("m", usage(0, 0, 1_000))).hasValue(7_000);
  }

  @Test
  void tokensWrittenToTheCache_areBilledAtTheCacheWritePrice_andNotAgainAsInput() {
    Pricing pricing = new Pricing(Map.of("m", new Pricing.Price(2.0, 0.2, 10.0, 2.5)));

    // 1,000 uncached × 2 + 3,000 read × 0.2 + 6,000 written × 2.5 = 17,600 micro-dollars.
    assertThat(pricing.costMicros("m", new Usage(10_000, 3_000, 0, 0, 6_000))).hasValue(17_600);
  }

  @Test
  void withoutACacheWritePrice_aWriteCostsOneAndAQuarterTimesTheInput() throws Exception {
    Pricing pricing = Pricing.fromEnvironment(pricesFile("{\"m\": {\"input\": 4.0, \"output\": 1.0}}"));

    assertThat(pricing.costMicros("m", new Usage(1_000, 0, 0, 0, 1_000))).hasValue(5_000);
  }

  @Test
  void claudeModels_arePriced_withTheirCacheWritePrices() {
    Pricing pricing = Pricing.fromEnvironment(Map.of());

    // claude-sonnet-5-5: $2 input, $0.20 cache read, $2.50 cache write, $10 output.
    assertThat(pricing.costMicros("claude-sonnet-5-5", new Usage(1_000_000, 500_000, 100_000, 0, 250_000)))
        .hasValue(2_225_000);
  }

  @Test
  void theCostIsRoundedToTheNearestMicroDollar() {
    Pricing pricing = new Pricing(Map.of("m", new Pricing.Price(0.4, 0.4, 0.4)));

    assertThat(pricing.costMicros("m", usage(3, 0, 0))).hasValue(1); // 1.2
    assertThat(pricing.costMicros("m", usage(4, 0, 0))).hasValue(2); // 1.6
    assertThat(pricing.costMicros("m", usage(0, 0, 1))).hasValue(0); // 0.4
  }

  @Test
  void reasoningTokens_areNotBilledAgain_sinceTheyArePartOfTheOutput() {
    Pricing pricing = new Pricing(Map.of("m", new Pricing.Price(1.0, 1.0, 10.0)));

    assertThat(pricing.costMicros("m", new Usage(0, 0, 100, 80))).hasValue(1_000);
  }

  @Test
  void moreCachedThanInputTokens_neverBillsNegativeUncachedInput() {
    Pricing pricing = new Pricing(Map.of("m", new Pricing.Price(10.0, 1.0, 0.0)));

    assertThat(pricing.costMicros("m", usage(100, 150, 0))).hasValue(150);
  }

  @Test
  void aModelWithoutAPrice_hasNoCost() {
    Pricing pricing = Pricing.fromEnvironment(Map.of());

    assertThat(pricing.costMicros("some-local-model", usage(1_000, 0, 1_000))).isEmpty();
  }

  @Test
  void aBlankLonghaulPrices_leavesTheBuiltInTable() {
    Pricing pricing = Pricing.fromEnvironment(Map.of("LONGHAUL_PRICES", "  "));

    assertThat(pricing.costMicros("gpt-4o", usage(1_000_000, 0, 0))).hasValue(2_500_000);
  }

  @Test
  void theOverrideFile_replacesAnExistingModelsPrice_andAddsANewModel() throws Exception {
    Pricing pricing = Pricing.fromEnvironment(pricesFile("""
        {
          "_comment": "entries starting with an underscore are not models",
          "gpt-5": {"input": 2.0, "cached_input": 0.2, "output": 20.0},
          "in-house-model": {"input": 0.5, "cached_input": 0.05, "output": 1.5}
        }
        """));

    assertThat(pricing.costMicros("gpt-5", usage(1_000_000, 500_000, 1_000_000)))
        .hasValue(1_000_000 + 100_000 + 20_000_000);
    assertThat(pricing.costMicros("in-house-model", usage(1_000_000, 0, 1_000_000)))
        .hasValue(2_000_000);
    // Models the file does not name keep their built-in price.
    assertThat(pricing.costMicros("gpt-4o", usage(1_000_000, 0, 0))).hasValue(2_500_000);
    assertThat(pricing.costMicros("_comment", usage(1, 0, 0))).isEmpty();
  }

  @Test
  void anEntryWithoutACachedPrice_billsCachedInputAtTheInputPrice() throws Exception {
    Pricing pricing = Pricing.fromEnvironment(pricesFile("""
        {"no-discount": {"input": 2.0, "output": 4.0}}
        """));

    assertThat(pricing.costMicros("no-discount", usage(1_000_000, 1_000_000, 0))).hasValue(2_000_000);
    assertThat(pricing.costMicros("no-discount", usage(1_000_000, 250_000, 0))).hasValue(2_000_000);
  }

  @Test
  void aMalformedOverrideFile_isAnErrorNamingTheVariable() throws Exception {
    Map<String, String> env = pricesFile("{ \"gpt-5\": {\"input\": 1.0, ");

    assertThatThrownBy(() -> Pricing.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LONGHAUL_PRICES")
        .hasMessageContaining(env.get("LONGHAUL_PRICES"));
  }

  @Test
  void aMissingOverrideFile_isAnErrorNamingTheVariable() {
    String missing = dir.resolve("nowhere.json").toString();

    assertThatThrownBy(() -> Pricing.fromEnvironment(Map.of("LONGHAUL_PRICES", missing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LONGHAUL_PRICES")
        .hasMessageContaining(missing);
  }

  @Test
  void anEntryWithoutNumericInputAndOutput_isAnErrorNamingTheModel() throws Exception {
    Map<String, String> textInput = pricesFile("{\"cheap-model\": {\"input\": \"1.0\", \"output\": 2.0}}");
    assertThatThrownBy(() -> Pricing.fromEnvironment(textInput))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cheap-model")
        .hasMessageContaining("numeric input and output");

    Map<String, String> noOutput = pricesFile("{\"half-priced\": {\"input\": 1.0}}");
    assertThatThrownBy(() -> Pricing.fromEnvironment(noOutput))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("half-priced");
  }
}
