package dev.longhaul.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.longhaul.prompt.TokenCounter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A simulation of Anthropic's prompt cache, by its documented rules. A request is its blocks in
 * the order Anthropic renders them: tools, system, then each message's content blocks. Only a
 * block marked with {@code cache_control} (a breakpoint) writes the prefix up to it to the cache,
 * and only a prefix of at least {@value #MINIMUM} tokens. A request reads the longest cached
 * prefix that ends at one of its breakpoints or at most {@value #LOOKBACK} blocks before one.
 * Tokens after the read prefix up to the last breakpoint are written; the rest are plain input.
 * The {@code cache_control} markers themselves are not part of a prefix.
 */
public final class AnthropicCache {
  public static final int MINIMUM = 1_024;
  /** How many block positions, the breakpoint's own included, Anthropic checks for an earlier write. */
  public static final int LOOKBACK = 20;
  private static final TokenCounter COUNTER = new TokenCounter();

  /** What one request is billed for, in Anthropic's three input counts. */
  public record Billing(long input, long cacheRead, long cacheWrite) {
    public long total() {
      return input + cacheRead + cacheWrite;
    }
  }

  /**
   * What a task's requests were billed, in units of the input price (a write 1.25, a read 0.1),
   * beside the minimum no client can beat: the theoretical maximum read, everything else at the
   * plain input price.
   */
  public record Summary(int requests, long total, long read, long written, long maximum) {
    public static Summary of(List<Billing> billings, long maximum) {
      return new Summary(billings.size(), billings.stream().mapToLong(Billing::total).sum(),
          billings.stream().mapToLong(Billing::cacheRead).sum(),
          billings.stream().mapToLong(Billing::cacheWrite).sum(), maximum);
    }

    public double billed() {
      return (total - read - written) + 1.25 * written + 0.1 * read;
    }

    public double minimum() {
      return (total - maximum) + 0.1 * maximum;
    }

    @Override
    public String toString() {
      return String.format("%d requests, %,d input tokens, %,d read from the cache (%.1f%% of the maximum %,d),"
              + " %,d written; billed input %,.0f, minimum %,.0f (%.3fx)",
          requests, total, read, 100.0 * read / maximum, maximum, written, billed(), minimum(), billed() / minimum());
    }
  }

  private record Block(String text, boolean breakpoint, long tokens) {}

  private final Set<String> cached = new HashSet<>();
  private final Map<String, Long> tokenMemo = new HashMap<>();

  public synchronized Billing bill(JsonNode body) {
    List<Block> blocks = blocks(body);
    int n = blocks.size();
    long[] cumulative = new long[n];
    String[] keys = new String[n];
    MessageDigest digest = sha256();
    digest.update(body.path("model").asText().getBytes(StandardCharsets.UTF_8));
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += blocks.get(i).tokens();
      cumulative[i] = sum;
      digest.update(blocks.get(i).text().getBytes(StandardCharsets.UTF_8));
      keys[i] = hex(clone(digest).digest());
    }
    int hit = -1;
    int lastBreakpoint = -1;
    for (int bp = 0; bp < n; bp++) {
      if (!blocks.get(bp).breakpoint()) continue;
      lastBreakpoint = bp;
      for (int p = bp; p >= 0 && p > bp - LOOKBACK; p--) {
        if (cached.contains(keys[p])) {
          hit = Math.max(hit, p);
          break;
        }
      }
    }
    for (int bp = 0; bp < n; bp++) {
      if (blocks.get(bp).breakpoint() && cumulative[bp] >= MINIMUM) cached.add(keys[bp]);
    }
    long read = hit >= 0 ? cumulative[hit] : 0;
    long write = lastBreakpoint > hit && cumulative[lastBreakpoint] >= MINIMUM ? cumulative[lastBreakpoint] - read : 0;
    return new Billing(sum - read - write, read, write);
  }

  /** The request's input tokens, as Anthropic's {@code count_tokens} answers; the cache is untouched. */
  public synchronized long tokens(JsonNode body) {
    return blocks(body).stream().mapToLong(Block::tokens).sum();
  }

  /** The best any client could get: the previous request's whole prompt read, if this one extends it. */
  public static long theoreticalMaximum(JsonNode previous, JsonNode current) {
    AnthropicCache counter = new AnthropicCache();
    List<Block> before = counter.blocks(previous);
    List<Block> now = counter.blocks(current);
    long shared = 0;
    for (int i = 0; i < Math.min(before.size(), now.size()); i++) {
      if (!before.get(i).text().equals(now.get(i).text())) break;
      shared += before.get(i).tokens();
    }
    return shared >= MINIMUM ? shared : 0;
  }

  /** The request's blocks in rendering order, each without its breakpoint marker. */
  private List<Block> blocks(JsonNode body) {
    List<Block> blocks = new ArrayList<>();
    for (JsonNode tool : body.path("tools")) blocks.add(block("tool", tool));
    JsonNode system = body.path("system");
    if (system.isTextual()) blocks.add(block("system", system));
    for (JsonNode part : system) blocks.add(block("system", part));
    for (JsonNode message : body.path("messages")) {
      String role = message.path("role").asText();
      JsonNode content = message.path("content");
      if (content.isTextual()) blocks.add(block(role, content));
      for (JsonNode part : content) blocks.add(block(role, part));
    }
    return blocks;
  }

  private Block block(String where, JsonNode node) {
    boolean breakpoint = node.has("cache_control");
    JsonNode plain = node;
    if (breakpoint) {
      plain = node.deepCopy();
      ((ObjectNode) plain).remove("cache_control");
    }
    String text = where + ":" + plain;
    Long tokens = tokenMemo.get(text);
    if (tokens == null) {
      tokens = (long) COUNTER.count(text);
      tokenMemo.put(text, tokens);
    }
    return new Block(text, breakpoint, tokens);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MessageDigest clone(MessageDigest digest) {
    try {
      return (MessageDigest) digest.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }
}
