package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The task's status as the store (and so {@code longhaul list}) shows it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StatusUpdate(
    String taskId, String status, int turn, int step, String lastMessage, String error) {}
