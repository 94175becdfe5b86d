package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What one model call produced: how many items it stored (from the request's first output seq),
 * the tool calls among them, usage, and a short preview of its text.
 *
 * @param contextTokens the request's input tokens plus its output: the size of the context the
 *     next request starts from
 * @param shape this request's model and tools
 * @param cacheBreak why this request could not reuse the previous one's cached prefix (the model
 *     or the tools changed), or null
 * @param costMicros the estimated cost in millionths of a dollar; -1 when the model has no price
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SampleResult(
    int itemCount,
    List<ToolCallRef> toolCalls,
    Usage usage,
    long contextTokens,
    String preview,
    PromptShape shape,
    String cacheBreak,
    long costMicros) {}
