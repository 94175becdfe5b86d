package dev.longhaul.activity;

public record MessageAppended(long seq, int tokens) {}
