package dev.longhaul.model;

import dev.longhaul.contract.Usage;
import java.util.List;

/**
 * A completed response.
 *
 * @param items the output items, each the raw JSON text the provider sent
 * @param incompleteReason why the provider stopped early (such as {@code max_output_tokens}), or
 *     null when it completed
 */
public record ModelResponse(List<String> items, Usage usage, String incompleteReason) {}
