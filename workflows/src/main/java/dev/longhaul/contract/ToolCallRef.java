package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A tool call the model asked for, by reference: the call item itself is in the store at {@code
 * seq}. {@code readOnly} comes from the tool registry, so the workflow can decide what runs in
 * parallel without knowing any tool by name. {@code summary} is a short label for progress and
 * the Temporal UI ({@code shell: mvn -q test}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToolCallRef(long seq, String name, boolean readOnly, String summary) {}
