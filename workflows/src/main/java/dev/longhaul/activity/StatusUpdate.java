package dev.longhaul.activity;

/** The task's status as the store (and so {@code longhaul list}) shows it. */
public record StatusUpdate(
    String taskId, String status, int turn, int step, String lastMessage, String error) {}
