package dev.longhaul.activity;

/** The settings the worker resolved for a task: the model from its environment when none was given. */
public record TaskOpened(String model) {}
