package dev.longhaul.workflow;

/** A follow-up user message: starts the next turn. */
public record TurnRequest(String message) {}
