package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * @param workspaces each attempt's workspace, in the order asked for
 * @param bases each workspace's starting commit, the base of the attempt's diff
 * @param kind {@code worktree} or {@code copy}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AttemptsPrepared(List<String> workspaces, List<String> bases, String kind) {}
