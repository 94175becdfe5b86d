package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Bind a new task to the host that holds {@code workspace}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BindHost(String taskId, String workspace) {}
