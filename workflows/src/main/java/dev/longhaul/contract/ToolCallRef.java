package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A tool call the model asked for, by reference: the call item itself is in the store at {@code
 * seq}. {@code readOnly} comes from the tool registry, so the workflow can decide what runs in
 * parallel without knowing any tool by name. {@code summary} is a short label for progress and
 * the Temporal UI ({@code shell: mvn -q test}).
 *
 * @param command what the call would run, for the approval policy and for the person asked;
 *     null for a tool that only reads (and in histories from before approvals)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToolCallRef(long seq, String name, boolean readOnly, String summary, CommandInfo command) {
  public ToolCallRef(long seq, String name, boolean readOnly, String summary) {
    this(seq, name, readOnly, summary, null);
  }
}
