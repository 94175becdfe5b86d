package dev.longhaul.workflow;

public record InterruptRequest(String reason) {}
