package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Apply what the attempt in {@code attemptWorkspace} changed since {@code base} to {@code workspace}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApplyPick(String taskId, String workspace, String attemptWorkspace, String base) {}
