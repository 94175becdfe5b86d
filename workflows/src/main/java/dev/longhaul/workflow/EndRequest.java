package dev.longhaul.workflow;

public record EndRequest(String reason) {}
