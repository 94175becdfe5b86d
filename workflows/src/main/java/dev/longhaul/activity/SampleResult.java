package dev.longhaul.activity;

import java.util.List;

/**
 * What one model call produced: how many items it stored (from the request's first output seq),
 * the tool calls among them, usage, and a short preview of its text.
 *
 * @param contextTokens the request's input tokens plus its output: the size of the context the
 *     next request starts from
 */
public record SampleResult(
    int itemCount, List<ToolCallRef> toolCalls, Usage usage, long contextTokens, String preview) {}
