package dev.longhaul.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.longhaul.contract.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/** Estimated cost of model calls, from a price table per model. */
public final class Pricing {
  /**
   * Dollars per million tokens.
   *
   * @param cachedInput the price of input tokens served from the prompt cache
   * @param cacheWrite the price of input tokens written to the prompt cache (Anthropic bills them
   *     above the input price; 1.25 times it for its five-minute cache, unless the table says)
   */
  public record Price(double input, double cachedInput, double output, double cacheWrite) {
    public Price(double input, double cachedInput, double output) {
      this(input, cachedInput, output, input * CACHE_WRITE_FACTOR);
    }
  }

  /** Anthropic's price of a five-minute cache write, relative to the input price. */
  static final double CACHE_WRITE_FACTOR = 1.25;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, Price> prices;

  public Pricing(Map<String, Price> prices) {
    this.prices = Map.copyOf(prices);
  }

  /** The built-in table, with the entries of the file {@code LONGHAUL_PRICES} names laid over it. */
  public static Pricing fromEnvironment(Map<String, String> env) {
    Map<String, Price> prices = new HashMap<>();
    try (InputStream in = Pricing.class.getResourceAsStream("/prices.json")) {
      read(JSON.readTree(in), prices);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in price table", e);
    }
    String override = env.get("LONGHAUL_PRICES");
    if (override != null && !override.isBlank()) {
      try {
        read(JSON.readTree(Path.of(override).toFile()), prices);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read LONGHAUL_PRICES " + override + ": " + e.getMessage(), e);
      }
    }
    return new Pricing(prices);
  }

  /**
   * The cost in millionths of a dollar, or empty for a model without a price. Cached input tokens
   * and those written to the cache are part of the input count and are billed at their own prices.
   */
  public OptionalLong costMicros(String model, Usage usage) {
    Price price = prices.get(model);
    if (price == null) return OptionalLong.empty();
    long uncached = Math.max(0, usage.input() - usage.cached() - usage.cacheWrite());
    double dollars = (uncached * price.input() + usage.cached() * price.cachedInput()
        + usage.cacheWrite() * price.cacheWrite() + usage.output() * price.output()) / 1e6;
    return OptionalLong.of(Math.round(dollars * 1e6));
  }

  private static void read(JsonNode table, Map<String, Price> into) {
    table.fields().forEachRemaining(entry -> {
      if (entry.getKey().startsWith("_")) return;
      JsonNode p = entry.getValue();
      if (!p.path("input").isNumber() || !p.path("output").isNumber()) {
        throw new IllegalArgumentException("price of " + entry.getKey() + " needs numeric input and output");
      }
      double input = p.path("input").asDouble();
      into.put(entry.getKey(), new Price(input, p.path("cached_input").asDouble(input), p.path("output").asDouble(),
          p.path("cache_write").asDouble(input * CACHE_WRITE_FACTOR)));
    });
  }
}
