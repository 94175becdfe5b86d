package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Register a task in the store when its workflow starts.
 *
 * @param model the model the client asked for; null for the worker's default
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OpenTask(String taskId, String workspace, String title, String model) {}
