package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a mutating tool call would do, as a person deciding on it sees it.
 *
 * @param command the command line, or for an edit a short description ({@code apply_patch: edit
 *     src/A.java}); identical commands are what {@code approve --for-task} matches
 * @param workdir where it would run, relative to the workspace
 * @param knownSafe the command is on the built-in list of read-only commands ({@code ls}, {@code
 *     git status}, …), which the {@code untrusted} policy runs without asking
 * @param justification why the model asks to run it outside the sandbox; null when it does not
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CommandInfo(String command, String workdir, boolean knownSafe, String justification) {
  public boolean asksToEscalate() {
    return justification != null;
  }
}
